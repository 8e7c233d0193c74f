package dev.atelier.text.bench;

import dev.atelier.core.error.AtelierException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the machine's memory read bandwidth the way a decode step reads weights: several
 * threads each stream through their own slice of one buffer far larger than the caches, summing
 * longs (the JIT turns the loop into wide vector loads). The best of several passes is reported,
 * in GB/s (10^9 bytes per second). It is the denominator of the decode roofline: bytes read per
 * token × tokens per second ÷ this.
 */
public final class MemoryBandwidth {

    /** One measurement: the best pass, and the checksum that proves every word was read. */
    public record Measurement(long bytes, int threads, int passes, double bestGbPerSecond, double meanGbPerSecond, long checksum) {
        @Override
        public String toString() {
            return String.format("read bandwidth %.1f GB/s (best of %d passes over %d MiB, %d threads; mean %.1f GB/s)",
                    bestGbPerSecond, passes, bytes >> 20, threads, meanGbPerSecond);
        }
    }

    private MemoryBandwidth() {
    }

    /**
     * Streams {@code passes} times over a fresh buffer of {@code bytes} (rounded down to 8) with
     * {@code threads} threads. The buffer must be allocatable (e.g. 1 GiB needs -Xmx above 1 GiB).
     */
    public static Measurement measure(long bytes, int threads, int passes) {
        if (bytes < 8 || bytes / 8 > Integer.MAX_VALUE - 8 || threads < 1 || threads > 1024 || passes < 1) {
            throw AtelierException.invalidArgument("bytes", "need 8 bytes to 16 GiB, 1 to 1024 threads and at least one pass");
        }
        long[] data = new long[(int) (bytes / 8)];
        for (int i = 0; i < data.length; i++) {
            data[i] = i; // touch every page so the passes measure reads, not page faults
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long checksum = 0;
            double best = 0;
            double sum = 0;
            sumAll(pool, data, threads); // warm-up: JIT compilation
            for (int p = 0; p < passes; p++) {
                long t0 = System.nanoTime();
                checksum = sumAll(pool, data, threads);
                double gbps = data.length * 8.0 / (System.nanoTime() - t0);
                best = Math.max(best, gbps);
                sum += gbps;
            }
            return new Measurement(data.length * 8L, threads, passes, best, sum / passes, checksum);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long sumAll(ExecutorService pool, long[] data, int threads) {
        List<Future<Long>> parts = new ArrayList<>(threads);
        int per = (data.length + threads - 1) / threads;
        for (int t = 0; t < threads; t++) {
            int from = Math.min(data.length, t * per);
            int to = Math.min(data.length, from + per);
            Callable<Long> task = () -> sum(data, from, to);
            parts.add(pool.submit(task));
        }
        long total = 0;
        try {
            for (Future<Long> f : parts) {
                total += f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AtelierException.cancelled("bandwidth measurement interrupted");
        } catch (ExecutionException e) {
            throw AtelierException.internal("bandwidth measurement failed", e.getCause());
        }
        return total;
    }

    // Four independent accumulators keep the adds from serialising on one register.
    static long sum(long[] a, int from, int to) {
        long s0 = 0;
        long s1 = 0;
        long s2 = 0;
        long s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < to; i++) {
            s0 += a[i];
        }
        return s0 + s1 + s2 + s3;
    }

    /** {@code MemoryBandwidth [MiB] [threads] [passes]}: prints the measurement. */
    public static void main(String[] args) {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        System.out.println(measure(mib << 20, threads, passes));
    }
}
