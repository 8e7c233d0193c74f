package dev.atelier.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void allowsTheBurstThenRefillsAtTheRate() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(60, 3, now::get); // one a second, bursts of 3
        assertEquals(0, limiter.tryAcquire());
        assertEquals(0, limiter.tryAcquire());
        assertEquals(0, limiter.tryAcquire());
        assertEquals(1, limiter.tryAcquire(), "empty: one token comes back within a second");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        assertEquals(1, limiter.tryAcquire());
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(2));
        assertEquals(0, limiter.tryAcquire(), "a second later there is a token");
        now.addAndGet(TimeUnit.MINUTES.toNanos(10));
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.tryAcquire(), "refill stops at the burst size");
        }
        assertEquals(1, limiter.tryAcquire());
    }

    @Test
    void aSlowRateSaysHowLongToWait() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(2, 1, now::get); // one every 30 s
        assertEquals(0, limiter.tryAcquire());
        assertEquals(30, limiter.tryAcquire());
        now.addAndGet(TimeUnit.SECONDS.toNanos(20));
        assertEquals(10, limiter.tryAcquire());
    }
}
