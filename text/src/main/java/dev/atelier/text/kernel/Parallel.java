package dev.atelier.text.kernel;

import dev.atelier.core.error.AtelierException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the rows of a kernel on a fixed number of threads. The work is cut into a few chunks per
 * thread that the threads take in turn, so a thread slowed by another process on the machine does
 * not hold the others up. The caller's thread works too.
 *
 * <p>Decode hands a job to the workers about 130 times per token, each a fraction of a
 * millisecond of work, so the hand-off must be cheap: the workers are plain threads that spin
 * for a short while ({@link #SPIN_NANOS}) waiting for the next job and only then park; a job is
 * published through a volatile field and parked workers are woken. Several callers (parallel
 * generation streams) may share one instance: one at a time gets the workers, a caller that finds
 * them busy runs its whole range on its own thread. Thread-safe.
 */
public final class Parallel implements AutoCloseable {

    /** A piece of work over the index range {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private static final int CHUNKS_PER_THREAD = 4;
    /** How long an idle worker keeps polling for the next job before it parks (the gaps between a token's matrices are shorter). */
    private static final long SPIN_NANOS = 100_000;

    /** One {@link #forRange} call: chunks handed out by {@code next}, counted when finished. */
    private static final class Job {
        final Range body;
        final int n;
        final int chunks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        volatile Throwable failure;

        Job(Range body, int n, int chunks) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
        }

        void work() {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                } catch (RuntimeException | Error e) {
                    if (failure == null) {
                        failure = e;
                    }
                } finally {
                    finished.incrementAndGet();
                }
            }
        }
    }

    private final int threads;
    private final Thread[] workers;
    private final boolean[] parked;
    private final ReentrantLock owner = new ReentrantLock();
    private volatile Job job;
    private volatile boolean closed;
    private final Object parkedLock = new Object();

    /** A pool of {@code threads} workers (the caller counts as one); 1 runs everything on the caller. */
    public Parallel(int threads) {
        if (threads < 1 || threads > 1024) {
            throw AtelierException.invalidArgument("threads", "threads must be 1..1024, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        this.parked = new boolean[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int id = i;
            workers[i] = Thread.ofPlatform().daemon().name("atelier-kernel-" + (i + 1)).unstarted(() -> workerLoop(id));
            workers[i].start();
        }
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
        if (workers.length == 0 || chunks == 1 || closed || !owner.tryLock()) {
            body.run(0, n);
            return;
        }
        Job j = new Job(body, n, chunks);
        try {
            job = j;
            wakeParked();
            j.work();
            while (j.finished.get() < chunks) {
                Thread.onSpinWait();
            }
        } finally {
            job = null;
            owner.unlock();
        }
        Throwable failure = j.failure;
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
    }

    private void wakeParked() {
        synchronized (parkedLock) {
            for (int i = 0; i < workers.length; i++) {
                if (parked[i]) {
                    LockSupport.unpark(workers[i]);
                }
            }
        }
    }

    private void workerLoop(int id) {
        Job done = null;
        long idleSince = System.nanoTime();
        while (!closed) {
            Job j = job;
            if (j != null && j != done) {
                j.work();
                done = j;
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                synchronized (parkedLock) {
                    parked[id] = true;
                }
                // Re-read after announcing: a job published before the announcement is seen here,
                // one published after it comes with an unpark.
                Job again = job;
                if (again == null || again == done) {
                    LockSupport.park(this);
                }
                synchronized (parkedLock) {
                    parked[id] = false;
                }
                idleSince = System.nanoTime();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
