package dev.atelier.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.atelier.core.device.Device;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.ModelName;
import dev.atelier.server.routing.PoolLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the gateway's JSON config file. Unknown keys are errors (a typo must not silently fall back
 * to a default); every error names the key at fault.
 */
public final class ConfigLoader {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final Set<String> TOP_KEYS = Set.of("host", "port", "maxBodyBytes", "modelDirs", "models");
    private static final Set<String> MODEL_KEYS = Set.of("name", "devices", "workerConcurrency", "maxInFlight",
            "maxQueue", "timeoutMs");

    private ConfigLoader() {
    }

    public static GatewayConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw AtelierException.invalidArgument("config", "cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toAbsolutePath().getParent());
    }

    /** Parses config text; relative {@code modelDirs} are resolved against {@code baseDir}. */
    public static GatewayConfig parse(String text, Path baseDir) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw AtelierException.invalidArgument("config", "config is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw AtelierException.invalidArgument("config", "config must be a JSON object");
        }
        checkKeys(root, TOP_KEYS, "");
        String host = text(root, "host", GatewayConfig.DEFAULT_HOST);
        int port = (int) integer(root, "port", GatewayConfig.DEFAULT_PORT, 0, 65535);
        long maxBody = integer(root, "maxBodyBytes", GatewayConfig.DEFAULT_MAX_BODY_BYTES, 1024, 1L << 31);
        List<Path> dirs = new ArrayList<>();
        for (JsonNode d : array(root, "modelDirs")) {
            if (!d.isTextual()) {
                throw AtelierException.invalidArgument("modelDirs", "modelDirs must hold folder names");
            }
            dirs.add(baseDir == null ? Path.of(d.asText()) : baseDir.resolve(d.asText()).normalize());
        }
        List<ModelConfig> models = new ArrayList<>();
        for (JsonNode m : array(root, "models")) {
            models.add(model(m));
        }
        return new GatewayConfig(host, port, maxBody, dirs, models);
    }

    private static ModelConfig model(JsonNode m) {
        if (!m.isObject()) {
            throw AtelierException.invalidArgument("models", "each entry of models must be an object");
        }
        String name = text(m, "name", null);
        if (name == null) {
            throw AtelierException.invalidArgument("models[].name", "each model needs a name");
        }
        ModelName.of(name); // same naming rule as the model store: no paths, no traversal
        String where = "models[" + name + "].";
        checkKeys(m, MODEL_KEYS, where);
        List<Device> devices = new ArrayList<>();
        for (JsonNode d : array(m, "devices")) {
            devices.add(Device.parse(d.asText()));
        }
        if (devices.isEmpty()) {
            devices.add(Device.CPU);
        }
        int concurrency = (int) integer(m, "workerConcurrency", 1, 1, 256);
        PoolLimits limits = new PoolLimits(
                (int) integer(m, "maxInFlight", ModelConfig.DEFAULT_MAX_IN_FLIGHT, 1, 100_000),
                (int) integer(m, "maxQueue", ModelConfig.DEFAULT_MAX_QUEUE, 0, 1_000_000),
                integer(m, "timeoutMs", ModelConfig.DEFAULT_TIMEOUT_MS, 1, 24L * 3600 * 1000));
        return new ModelConfig(name, devices, concurrency, limits);
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw AtelierException.invalidArgument(where + key, "unknown config key '" + where + key
                        + "'; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static String text(JsonNode node, String key, String fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw AtelierException.invalidArgument(key, "config key '" + key + "' must be a string");
        }
        return v.asText();
    }

    private static long integer(JsonNode node, String key, long fallback, long min, long max) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw AtelierException.invalidArgument(key,
                    "config key '" + key + "' must be an integer between " + min + " and " + max);
        }
        return v.asLong();
    }

    private static Iterable<JsonNode> array(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw AtelierException.invalidArgument(key, "config key '" + key + "' must be an array");
        }
        return v;
    }
}
