package dev.atelier.server.bench;

import java.util.Arrays;

/** Request latencies of one benchmark run (nanoseconds), with their count, rate and percentiles. */
public final class Latencies {
    private long[] nanos = new long[1 << 16];
    private int count;
    private long errors;

    public synchronized void record(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    public synchronized void error() {
        errors++;
    }

    /** The figures of a run that lasted {@code seconds}. */
    public synchronized Summary summarize(double seconds) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return new Summary(count, errors, count / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    /** Requests answered (200), failed ones, answers per second, p50 and p99 latency in milliseconds. */
    public record Summary(long requests, long errors, double perSecond, double p50Millis, double p99Millis) {
    }
}
