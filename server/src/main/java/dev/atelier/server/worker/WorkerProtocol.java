package dev.atelier.server.worker;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/**
 * The event-bus conversation between the gateway and a worker, in one place:
 * <ul>
 *   <li>{@code atelier.worker.<id>}: request/reply; the body is a {@link WorkRequest}, the reply the
 *       final JSON result plus {@link #CHUNKS} (how many streamed parts preceded it);</li>
 *   <li>{@code atelier.worker.<id>.cancel}: fire-and-forget request id to cancel;</li>
 *   <li>the stream address named in the request: streamed parts, each {@code {"seq":n,"part":{…}}};</li>
 *   <li>{@link #EVENTS}: published worker life-cycle events, each a {@link WorkerSpec} plus
 *       {@code "event"}: {@code up} when loaded, {@code heartbeat} every {@link #HEARTBEAT_MILLIS},
 *       {@code down} when stopping; and {@code discover}, sent by a gateway that just started, to
 *       which every worker answers with {@code up}. A worker not heard from for
 *       {@link #EXPIRY_MILLIS} counts as gone.</li>
 * </ul>
 * Failures travel as {@code message.fail(code.ordinal(), json)} with the error's code, message and param.
 */
public final class WorkerProtocol {
    public static final String EVENTS = "atelier.workers.events";
    public static final String CHUNKS = "_chunks";
    public static final long HEARTBEAT_MILLIS = 1_000;
    public static final long EXPIRY_MILLIS = 4_000;
    public static final String STREAM_ADDRESS = "streamAddress";

    private WorkerProtocol() {
    }

    public static String address(String workerId) {
        return "atelier.worker." + workerId;
    }

    public static String cancelAddress(String workerId) {
        return address(workerId) + ".cancel";
    }

    public static String streamAddress(String requestId) {
        return "atelier.stream." + requestId;
    }

    /** Fails an event-bus message with a typed error that {@link #toException} restores on the other side. */
    public static void fail(Message<?> message, AtelierException error) {
        JsonObject json = new JsonObject()
                .put("code", error.code().code())
                .put("message", error.getMessage());
        if (error.param() != null) {
            json.put("param", error.param());
        }
        message.fail(error.code().ordinal(), json.encode());
    }

    /** Turns a failed reply from a worker back into the typed error the worker raised. */
    public static AtelierException toException(ReplyException failure) {
        try {
            JsonObject json = new JsonObject(failure.getMessage());
            return new AtelierException(ErrorCode.fromCode(json.getString("code")),
                    json.getString("message", "worker failed"), json.getString("param"));
        } catch (RuntimeException notJson) {
            return AtelierException.internal("worker failed", failure);
        }
    }
}
