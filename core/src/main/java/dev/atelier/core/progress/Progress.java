package dev.atelier.core.progress;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The progress tracker a long job holds. Call {@link #step()} from the hot loop as often as you
 * like: it is an atomic add and a clock read, and events go to the listener at most once per
 * interval (100 ms by default), plus right away when the total is reached and always at
 * {@link #close()}, whose event has {@code done = true}:
 *
 * <pre>{@code
 * try (Progress progress = Progress.start("train tiny-gpt", steps, "steps", listener)) {
 *     for (int i = 0; i < steps; i++) {
 *         float loss = trainStep();
 *         progress.metric("loss", loss);
 *         progress.step();
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe: several threads may step one tracker. Events reach the listener one at a time,
 * in order, and none follows the done event. Where one thread is already delivering an event,
 * another thread's throttled step does not wait for it.
 */
public final class Progress implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    private final String task;
    private final long total;
    private final String unit;
    private final ProgressListener listener;
    private final long intervalNanos;
    private final long startNanos;

    private final AtomicLong current = new AtomicLong();
    private final Map<String, Double> metrics = new LinkedHashMap<>(); // guarded by itself
    private final ReentrantLock emitting = new ReentrantLock();
    private volatile String message;
    private volatile long nextEmitNanos;
    private volatile boolean closed;

    private Progress(String task, long total, String unit, ProgressListener listener, Duration interval) {
        this.task = Objects.requireNonNull(task, "task");
        this.total = total < 0 ? ProgressEvent.UNKNOWN_TOTAL : total;
        this.unit = Objects.requireNonNull(unit, "unit");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must be >= 0, got " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.startNanos = System.nanoTime();
    }

    /** Starts tracking and sends the first event (current 0). A negative total means unknown. */
    public static Progress start(String task, long total, String unit, ProgressListener listener) {
        return start(task, total, unit, listener, DEFAULT_INTERVAL);
    }

    /** As {@link #start(String, long, String, ProgressListener)}, with events at most once per {@code interval}. */
    public static Progress start(String task, long total, String unit, ProgressListener listener, Duration interval) {
        Progress progress = new Progress(task, total, unit, listener, interval);
        progress.emitNow();
        return progress;
    }

    public void step() {
        step(1);
    }

    /** Adds {@code n} (at least 0) units done. */
    public void step(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + n);
        }
        maybeEmit(current.addAndGet(n));
    }

    /** Sets the units done, e.g. bytes read so far. */
    public void set(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("current must be >= 0, got " + value);
        }
        current.set(value);
        maybeEmit(value);
    }

    /** Records a metric's latest value; it goes out with the next event. */
    public void metric(String name, double value) {
        Objects.requireNonNull(name, "name");
        synchronized (metrics) {
            metrics.put(name, value);
        }
    }

    /** Sets the status line sent with the next event; null clears it. */
    public void message(String message) {
        this.message = message;
    }

    public long current() {
        return current.get();
    }

    public long total() {
        return total;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Sends the final event ({@code done = true}); later calls, and later steps, send nothing. */
    @Override
    public void close() {
        emitting.lock(); // unlike steps, the final event waits its turn: it must not be lost
        try {
            if (closed) {
                return;
            }
            closed = true;
            listener.onProgress(snapshot(true));
        } finally {
            emitting.unlock();
        }
    }

    private void maybeEmit(long value) {
        if (closed || (value != total && System.nanoTime() - nextEmitNanos < 0)) {
            return; // the cheap path of a hot loop: nothing to send yet
        }
        if (!emitting.tryLock()) {
            return; // another thread is sending an event right now
        }
        try {
            long now = System.nanoTime();
            if (closed || (value != total && now - nextEmitNanos < 0)) {
                return;
            }
            nextEmitNanos = now + intervalNanos;
            listener.onProgress(snapshot(false));
        } finally {
            emitting.unlock();
        }
    }

    private void emitNow() {
        emitting.lock();
        try {
            nextEmitNanos = System.nanoTime() + intervalNanos;
            listener.onProgress(snapshot(false));
        } finally {
            emitting.unlock();
        }
    }

    private ProgressEvent snapshot(boolean done) {
        Map<String, Double> copy;
        synchronized (metrics) {
            copy = new LinkedHashMap<>(metrics);
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        return new ProgressEvent(task, current.get(), total, unit, message, copy, elapsed, done);
    }
}
