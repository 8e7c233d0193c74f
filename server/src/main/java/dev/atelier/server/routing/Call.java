package dev.atelier.server.routing;

import dev.atelier.core.error.AtelierException;
import dev.atelier.server.worker.WorkRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

/**
 * One admitted request on its way through a {@link ModelPool}: queued, then at a worker, then done.
 * The HTTP side holds it to read the result and to cancel when the client goes away.
 */
public final class Call {
    final WorkRequest request;
    final String streamAddress;
    final Promise<JsonObject> promise = Promise.promise();
    final long startNanos = System.nanoTime();
    private final ModelPool pool;
    WorkerRef worker;   // set when dispatched; guarded by the pool
    boolean released;   // true once its in-flight slot was given back; guarded by the pool
    long deadlineTimer = -1;

    Call(ModelPool pool, WorkRequest request, String streamAddress) {
        this.pool = pool;
        this.request = request;
        this.streamAddress = streamAddress;
    }

    public WorkRequest request() {
        return request;
    }

    /** The final result, or the typed error ({@link AtelierException}) that ended the call. */
    public Future<JsonObject> result() {
        return promise.future();
    }

    /** The device of the worker that took the call, or "none" while queued. */
    public String device() {
        WorkerRef w = worker;
        return w == null ? "none" : w.spec.device().toString();
    }

    /** Abandons the call (the client went away): dequeued if waiting, the worker told to stop if running. */
    public void cancel() {
        pool.cancel(this, AtelierException.cancelled("the client closed the connection"));
    }
}
