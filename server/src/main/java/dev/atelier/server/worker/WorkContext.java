package dev.atelier.server.worker;

import dev.atelier.core.device.Device;
import dev.atelier.core.error.AtelierException;
import io.vertx.core.json.JsonObject;

/** What a handler may do while it runs a request: stream parts, and notice cancellation. */
public interface WorkContext {

    /** The device this worker is bound to. */
    Device device();

    /**
     * Sends one streamed part (a token, a progress event, an image of a batch) to the caller.
     * Ignored when the caller did not ask for streaming.
     */
    void emit(JsonObject part);

    /** True once the caller disconnected, the deadline passed or the gateway cancelled the request. */
    boolean isCancelled();

    /** Throws {@code CANCELLED} (or {@code DEADLINE_EXCEEDED}) if the request should stop; call it once per step. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw AtelierException.cancelled("request was cancelled");
        }
    }
}
