package dev.atelier.server.routing;

/**
 * Admission limits of one model: at most {@code maxInFlight} requests at the workers, at most
 * {@code maxQueue} more waiting, each answered within {@code timeoutMillis} or failed with 504.
 */
public record PoolLimits(int maxInFlight, int maxQueue, long timeoutMillis) {
    public PoolLimits {
        if (maxInFlight < 1 || maxQueue < 0 || timeoutMillis < 1) {
            throw new IllegalArgumentException("limits need maxInFlight ≥ 1, maxQueue ≥ 0, timeoutMillis ≥ 1");
        }
    }
}
