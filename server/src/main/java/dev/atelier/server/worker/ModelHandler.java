package dev.atelier.server.worker;

import io.vertx.core.json.JsonObject;

/**
 * One loaded model on one device, answering requests. This is what a capability (text generation,
 * image generation, embeddings, audio…) implements to be served by the gateway: it turns the
 * request's JSON arguments into a call on its module's library and the result back into JSON.
 *
 * <p>{@link #handle} is called on a worker thread, never on an event loop, and may block. A handler
 * is called concurrently only when its deployment's {@code workerConcurrency} is above 1. Bad
 * arguments are reported by throwing {@link dev.atelier.core.error.AtelierException} with
 * {@code INVALID_ARGUMENT}; anything else thrown counts as an internal error of the worker, which
 * keeps serving.
 */
public interface ModelHandler extends AutoCloseable {

    /** Runs one request and returns its final JSON result; streamed parts go through {@link WorkContext#emit}. */
    JsonObject handle(WorkRequest request, WorkContext context) throws Exception;

    /** Releases the model (native memory, files). Called once when the worker stops. */
    @Override
    default void close() throws Exception {
    }
}
