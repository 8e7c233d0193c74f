package dev.atelier.server.security;

import dev.atelier.core.model.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * One client's API key, kept only as its SHA-256 so a config file never needs the secret itself,
 * with its rate limit: {@code requestsPerMinute} sustained (0 = unlimited) and bursts of up to
 * {@code burst} requests.
 */
public record ApiKey(String name, String sha256, int requestsPerMinute, int burst) {

    public ApiKey {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an API key needs a name");
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("API key '" + name + "' needs a 64-hex-digit sha256");
        }
        if (requestsPerMinute < 0 || burst < 0) {
            throw new IllegalArgumentException("API key '" + name + "': limits must not be negative");
        }
    }

    /** A key given in clear text; only its hash is kept. */
    public static ApiKey ofSecret(String name, String secret, int requestsPerMinute, int burst) {
        return new ApiKey(name, hash(secret), requestsPerMinute, burst);
    }

    public static String hash(String secret) {
        return Sha256.of(secret.getBytes(StandardCharsets.UTF_8));
    }
}
