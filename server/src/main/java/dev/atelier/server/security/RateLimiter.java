package dev.atelier.server.security;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code perMinute} a minute. Thread-safe; the
 * clock is injectable so tests need not sleep.
 */
final class RateLimiter {
    private final double capacity;
    private final double tokensPerNano;
    private final LongSupplier clock;
    private double tokens;
    private long last;

    RateLimiter(int perMinute, int burst, LongSupplier nanoClock) {
        this.capacity = Math.max(1, burst);
        this.tokensPerNano = perMinute / (double) TimeUnit.MINUTES.toNanos(1);
        this.clock = nanoClock;
        this.tokens = capacity;
        this.last = nanoClock.getAsLong();
    }

    /** Takes a token; returns 0 if one was available, else the seconds until one will be. */
    synchronized long tryAcquire() {
        long now = clock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        double nanos = (1 - tokens) / tokensPerNano;
        return Math.max(1, (long) Math.ceil(nanos / 1e9));
    }
}
