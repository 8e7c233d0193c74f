package dev.atelier.core.progress;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a long job's progress. Plain values only (elapsed in milliseconds, not a
 * {@link Duration}), so an event serialises to JSON as-is when the server streams it.
 *
 * @param task          what is running, e.g. {@code train tiny-gpt} or {@code load sd-turbo}
 * @param current       units done so far
 * @param total         units in all, or {@link #UNKNOWN_TOTAL} (-1)
 * @param unit          what is counted: {@code steps}, {@code bytes}, {@code tokens}, {@code images}
 * @param message       a short status line, e.g. {@code epoch 2/5}; may be null
 * @param metrics       latest values by name, e.g. {@code loss}, {@code tokens/s}; never null
 * @param elapsedMillis time since the job started
 * @param done          true on the last event of the job, and only there
 */
public record ProgressEvent(
        String task,
        long current,
        long total,
        String unit,
        String message,
        Map<String, Double> metrics,
        long elapsedMillis,
        boolean done) {

    public static final long UNKNOWN_TOTAL = -1;

    public ProgressEvent {
        Objects.requireNonNull(task, "task");
        unit = unit == null ? "" : unit;
        if (current < 0) {
            throw new IllegalArgumentException("current must be >= 0, got " + current);
        }
        total = total < 0 ? UNKNOWN_TOTAL : total;
        metrics = metrics == null || metrics.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(metrics)); // keeps the job's order for display
        if (elapsedMillis < 0) {
            throw new IllegalArgumentException("elapsedMillis must be >= 0, got " + elapsedMillis);
        }
    }

    public boolean totalKnown() {
        return total != UNKNOWN_TOTAL;
    }

    /** Share done in [0, 1], or -1 when the total is unknown. */
    public double fraction() {
        if (!totalKnown()) {
            return -1;
        }
        return total == 0 ? 1 : Math.min(1.0, (double) current / total);
    }

    public Duration elapsed() {
        return Duration.ofMillis(elapsedMillis);
    }
}
