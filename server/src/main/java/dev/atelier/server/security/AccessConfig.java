package dev.atelier.server.security;

import java.util.List;

/**
 * Who may call the gateway. With no keys, only a gateway bound to loopback accepts anonymous
 * calls, unless {@code allowAnonymous} says so explicitly; {@code corsOrigins} lists the browser
 * origins allowed to call it (none by default).
 */
public record AccessConfig(List<ApiKey> keys, boolean allowAnonymous, List<String> corsOrigins) {
    public AccessConfig {
        keys = List.copyOf(keys);
        corsOrigins = List.copyOf(corsOrigins);
    }

    public static AccessConfig open() {
        return new AccessConfig(List.of(), false, List.of());
    }
}
