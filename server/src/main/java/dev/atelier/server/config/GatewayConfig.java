package dev.atelier.server.config;

import dev.atelier.server.security.AccessConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the gateway needs to start. Read from a JSON file by {@link ConfigLoader} (format in
 * docs/CONFIGURATION.md); {@code models} empty means "serve every embedded default model on CPU".
 */
public record GatewayConfig(String host, int port, long maxBodyBytes, List<Path> modelDirs, List<ModelConfig> models,
                            AccessConfig access) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

    public GatewayConfig {
        modelDirs = List.copyOf(modelDirs);
        models = List.copyOf(models);
        access = access == null ? AccessConfig.open() : access;
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, List.of(), List.of(), null);
    }

    public GatewayConfig withPort(int newPort) {
        return new GatewayConfig(host, newPort, maxBodyBytes, modelDirs, models, access);
    }

    public GatewayConfig withModels(List<ModelConfig> newModels) {
        return new GatewayConfig(host, port, maxBodyBytes, modelDirs, newModels, access);
    }

    public GatewayConfig withHost(String newHost) {
        return new GatewayConfig(newHost, port, maxBodyBytes, modelDirs, models, access);
    }
}
