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
import dev.atelier.server.security.AccessConfig;
import dev.atelier.server.security.ApiKey;
import dev.atelier.server.text.TextGenerationParams;
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
    private static final Set<String> TOP_KEYS = Set.of("host", "port", "maxBodyBytes", "modelDirs", "models", "auth", "cors", "role", "cluster",
            "maxGenerationTokens");
    private static final Set<String> CLUSTER_KEYS = Set.of("name", "host", "port", "members");
    private static final Set<String> AUTH_KEYS = Set.of("keys", "allowAnonymous");
    private static final Set<String> KEY_KEYS = Set.of("name", "key", "keySha256", "requestsPerMinute", "burst");
    private static final Set<String> CORS_KEYS = Set.of("allowedOrigins");
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
        int maxGeneration = (int) integer(root, "maxGenerationTokens", GatewayConfig.DEFAULT_MAX_GENERATION_TOKENS, 1,
                TextGenerationParams.MAX_TOKENS_CEILING);
        return new GatewayConfig(host, port, maxBody, dirs, models, access(root), role(root), cluster(root),
                maxGeneration);
    }

    private static Role role(JsonNode root) {
        String role = text(root, "role", "both");
        try {
            return Role.valueOf(role.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AtelierException.invalidArgument("role", "role must be both, gateway or worker, got '" + role + "'");
        }
    }

    private static ClusterConfig cluster(JsonNode root) {
        JsonNode c = root.get("cluster");
        if (c == null || c.isNull()) {
            return null;
        }
        if (!c.isObject()) {
            throw AtelierException.invalidArgument("cluster", "config key 'cluster' must be an object");
        }
        checkKeys(c, CLUSTER_KEYS, "cluster.");
        List<String> members = new ArrayList<>();
        for (JsonNode m : array(c, "members")) {
            if (!m.isTextual() || !m.asText().matches("[A-Za-z0-9.\\-:\\[\\]]+")) {
                throw AtelierException.invalidArgument("members", "cluster.members holds host names or IPs, with an optional :port");
            }
            members.add(m.asText());
        }
        String host = text(c, "host", "127.0.0.1");
        if (members.isEmpty()) {
            members.add(host);
        }
        return new ClusterConfig(text(c, "name", ClusterConfig.DEFAULT_NAME), host,
                (int) integer(c, "port", ClusterConfig.DEFAULT_PORT, 1, 65535), members);
    }

    private static AccessConfig access(JsonNode root) {
        List<ApiKey> keys = new ArrayList<>();
        boolean allowAnonymous = false;
        JsonNode auth = root.get("auth");
        if (auth != null && !auth.isNull()) {
            if (!auth.isObject()) {
                throw AtelierException.invalidArgument("auth", "config key 'auth' must be an object");
            }
            checkKeys(auth, AUTH_KEYS, "auth.");
            allowAnonymous = bool(auth, "allowAnonymous");
            for (JsonNode k : array(auth, "keys")) {
                keys.add(apiKey(k));
            }
        }
        List<String> origins = new ArrayList<>();
        JsonNode cors = root.get("cors");
        if (cors != null && !cors.isNull()) {
            if (!cors.isObject()) {
                throw AtelierException.invalidArgument("cors", "config key 'cors' must be an object");
            }
            checkKeys(cors, CORS_KEYS, "cors.");
            for (JsonNode o : array(cors, "allowedOrigins")) {
                if (!o.isTextual() || !o.asText().matches("\\*|https?://[^/\\s]+")) {
                    throw AtelierException.invalidArgument("allowedOrigins",
                            "cors.allowedOrigins holds origins like https://app.example.com, or *");
                }
                origins.add(o.asText());
            }
        }
        return new AccessConfig(keys, allowAnonymous, origins);
    }

    private static ApiKey apiKey(JsonNode k) {
        if (!k.isObject()) {
            throw AtelierException.invalidArgument("auth.keys", "each API key must be an object");
        }
        checkKeys(k, KEY_KEYS, "auth.keys[].");
        String name = text(k, "name", null);
        String secret = text(k, "key", null);
        String sha = text(k, "keySha256", null);
        if (name == null || (secret == null) == (sha == null)) {
            throw AtelierException.invalidArgument("auth.keys",
                    "each API key needs a name and exactly one of 'key' or 'keySha256'");
        }
        int rpm = (int) integer(k, "requestsPerMinute", 0, 0, 1_000_000);
        int burst = (int) integer(k, "burst", 0, 0, 1_000_000);
        try {
            return secret != null ? ApiKey.ofSecret(name, secret, rpm, burst) : new ApiKey(name, sha, rpm, burst);
        } catch (IllegalArgumentException e) {
            throw AtelierException.invalidArgument("auth.keys", e.getMessage());
        }
    }

    private static boolean bool(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw AtelierException.invalidArgument(key, "config key '" + key + "' must be true or false");
        }
        return v.asBoolean();
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
