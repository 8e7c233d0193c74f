package dev.atelier.server.config;

import dev.atelier.server.security.AccessConfig;
import dev.atelier.server.text.TextGenerationParams;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the gateway needs to start. Read from a JSON file by {@link ConfigLoader} (format in
 * docs/CONFIGURATION.md); {@code models} empty means "serve every embedded default model on CPU".
 */
public record GatewayConfig(String host, int port, long maxBodyBytes, List<Path> modelDirs, List<ModelConfig> models,
                            AccessConfig access, Role role, ClusterConfig cluster, int maxGenerationTokens) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    /** The generation-length limit: the largest {@code max_tokens} a text request may ask for. */
    public static final int DEFAULT_MAX_GENERATION_TOKENS = 4096;

    public GatewayConfig {
        modelDirs = List.copyOf(modelDirs);
        models = List.copyOf(models);
        access = access == null ? AccessConfig.open() : access;
        role = role == null ? Role.BOTH : role;
        if (maxGenerationTokens < 1 || maxGenerationTokens > TextGenerationParams.MAX_TOKENS_CEILING) {
            throw new IllegalArgumentException("maxGenerationTokens must be 1.." + TextGenerationParams.MAX_TOKENS_CEILING);
        }
    }

    /** The settings with the default generation-length limit. */
    public GatewayConfig(String host, int port, long maxBodyBytes, List<Path> modelDirs, List<ModelConfig> models,
                         AccessConfig access, Role role, ClusterConfig cluster) {
        this(host, port, maxBodyBytes, modelDirs, models, access, role, cluster, DEFAULT_MAX_GENERATION_TOKENS);
    }

    /** The settings without clustering (a single node that serves HTTP and runs its workers). */
    public GatewayConfig(String host, int port, long maxBodyBytes, List<Path> modelDirs, List<ModelConfig> models,
                         AccessConfig access) {
        this(host, port, maxBodyBytes, modelDirs, models, access, Role.BOTH, null, DEFAULT_MAX_GENERATION_TOKENS);
    }

    public boolean clustered() {
        return cluster != null;
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, List.of(), List.of(), null);
    }

    public GatewayConfig withPort(int newPort) {
        return new GatewayConfig(host, newPort, maxBodyBytes, modelDirs, models, access, role, cluster, maxGenerationTokens);
    }

    public GatewayConfig withModels(List<ModelConfig> newModels) {
        return new GatewayConfig(host, port, maxBodyBytes, modelDirs, newModels, access, role, cluster, maxGenerationTokens);
    }

    public GatewayConfig withRole(Role newRole) {
        return new GatewayConfig(host, port, maxBodyBytes, modelDirs, models, access, newRole, cluster);
    }

    public GatewayConfig withCluster(ClusterConfig newCluster) {
        return new GatewayConfig(host, port, maxBodyBytes, modelDirs, models, access, role, newCluster);
    }

    public GatewayConfig withHost(String newHost) {
        return new GatewayConfig(newHost, port, maxBodyBytes, modelDirs, models, access, role, cluster, maxGenerationTokens);
    }

    public GatewayConfig withMaxGenerationTokens(int limit) {
        return new GatewayConfig(host, port, maxBodyBytes, modelDirs, models, access, role, cluster, limit);
    }
}
