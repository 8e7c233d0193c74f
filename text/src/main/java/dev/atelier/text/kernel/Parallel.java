package dev.atelier.text.kernel;

import dev.atelier.core.error.AtelierException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the rows of a kernel on a fixed number of threads. The work is cut into a few chunks per
 * thread that the threads take in turn, so a thread slowed by another process on the machine does
 * not hold the others up. The caller's thread works too; several callers (parallel generation
 * streams) may share one instance. Thread-safe.
 */
public final class Parallel implements AutoCloseable {

    /** A piece of work over the index range {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private static final int CHUNKS_PER_THREAD = 4;

    private final int threads;
    private final ForkJoinPool pool;

    /** A pool of {@code threads} workers (the caller counts as one); 1 runs everything on the caller. */
    public Parallel(int threads) {
        if (threads < 1 || threads > 1024) {
            throw AtelierException.invalidArgument("threads", "threads must be 1..1024, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads - 1);
    }

    /** One worker per available processor. */
    public static Parallel allCores() {
        return new Parallel(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over {@code [0, n)} cut into chunks of at least {@code grain} indices,
     * returning when all are done. An exception in any chunk is rethrown here.
     */
    public void forRange(int n, int grain, Range body) {
        if (n <= 0) {
            return;
        }
        int chunks = Math.min(threads * CHUNKS_PER_THREAD, Math.max(1, n / Math.max(1, grain)));
        if (pool == null || chunks == 1) {
            body.run(0, n);
            return;
        }
        int helpers = Math.min(threads - 1, chunks - 1);
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
            }
        };
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[helpers];
        for (int i = 0; i < helpers; i++) {
            tasks[i] = pool.submit(worker);
        }
        Throwable failure = null;
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (ForkJoinTask<?> t : tasks) {
            try {
                t.join();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
