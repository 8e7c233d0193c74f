package dev.atelier.core.progress;

import java.util.Objects;

/**
 * Receives a job's {@link ProgressEvent}s. {@link Progress} calls a listener from one thread at a
 * time and in order, so a listener needs no locking for a single job. An exception thrown here
 * reaches the job's {@code step}/{@code close} call: that is how a listener can stop a job whose
 * caller went away.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores every event. */
    ProgressListener NONE = event -> {
    };

    void onProgress(ProgressEvent event);

    /** A listener that gives each event to this one, then to {@code next}. */
    default ProgressListener andThen(ProgressListener next) {
        Objects.requireNonNull(next, "next");
        if (this == NONE) {
            return next;
        }
        if (next == NONE) {
            return this;
        }
        return event -> {
            onProgress(event);
            next.onProgress(event);
        };
    }
}
