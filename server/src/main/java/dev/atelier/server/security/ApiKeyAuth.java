package dev.atelier.server.security;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Checks {@code Authorization: Bearer <key>} on the API routes and applies the key's rate limit
 * (429 with the seconds to wait in {@code Retry-After}). Keys are compared by hash in constant
 * time. The key's name is put on the routing context as {@link #CLIENT} for logs and metrics.
 */
public final class ApiKeyAuth implements Handler<RoutingContext> {
    public static final String CLIENT = "atelier.client";

    private final List<ApiKey> keys;
    private final List<byte[]> hashes; // keys' sha256, decoded once, same order
    private final Map<String, RateLimiter> limiters = new HashMap<>();

    public ApiKeyAuth(List<ApiKey> keys) {
        this.keys = List.copyOf(keys);
        this.hashes = this.keys.stream().map(k -> HexFormat.of().parseHex(k.sha256())).toList();
        for (ApiKey key : keys) {
            if (key.requestsPerMinute() > 0) {
                int burst = key.burst() > 0 ? key.burst() : Math.max(1, key.requestsPerMinute() / 10);
                limiters.put(key.name(), new RateLimiter(key.requestsPerMinute(), burst, System::nanoTime));
            }
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            ctx.fail(new AtelierException(ErrorCode.UNAUTHENTICATED,
                    "missing API key: send the header 'Authorization: Bearer <key>'"));
            return;
        }
        ApiKey key = find(header.substring(7).strip());
        if (key == null) {
            ctx.fail(new AtelierException(ErrorCode.UNAUTHENTICATED, "invalid API key"));
            return;
        }
        RateLimiter limiter = limiters.get(key.name());
        long wait = limiter == null ? 0 : limiter.tryAcquire();
        if (wait > 0) {
            ctx.response().putHeader("retry-after", Long.toString(wait));
            ctx.fail(AtelierException.resourceExhausted("rate limit of " + key.requestsPerMinute()
                    + " requests a minute reached for this API key; retry in " + wait + " s"));
            return;
        }
        ctx.put(CLIENT, key.name());
        ctx.next();
    }

    private ApiKey find(String secret) {
        byte[] presented = HexFormat.of().parseHex(ApiKey.hash(secret));
        ApiKey match = null;
        for (int i = 0; i < keys.size(); i++) { // every key is compared, so timing does not reveal which matched
            if (MessageDigest.isEqual(presented, hashes.get(i))) {
                match = keys.get(i);
            }
        }
        return match;
    }
}
