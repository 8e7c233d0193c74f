package dev.atelier.server.http;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.ModelName;
import dev.atelier.server.routing.Call;
import dev.atelier.server.routing.ModelPool;
import dev.atelier.server.routing.WorkloadManager;
import dev.atelier.server.worker.WorkRequest;
import dev.atelier.server.worker.WorkerProtocol;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The native API's one dispatch route, {@code POST /api/v1/<task>} with {@code {"model": …, …}}:
 * checks the request, admits it into the model's pool, and answers with the worker's JSON, or with
 * a server-sent-event stream of its parts when {@code "stream": true}. A client that disconnects
 * cancels its request at the worker.
 */
final class TaskEndpoint {
    private final Vertx vertx;
    private final WorkloadManager manager;
    private final ErrorResponder errors;

    TaskEndpoint(Vertx vertx, WorkloadManager manager, ErrorResponder errors) {
        this.vertx = vertx;
        this.manager = manager;
        this.errors = errors;
    }

    void handle(RoutingContext ctx) {
        String task = ctx.pathParam("task");
        JsonObject body = JsonArgs.parseObject(ctx.body().buffer());
        ModelPool pool = pool(body, task);
        boolean stream = JsonArgs.optBoolean(body, "stream", false);
        WorkRequest request = request(pool, task, body, stream);
        if (stream) {
            streamed(ctx, pool, request, NATIVE_STREAM);
        } else {
            call(ctx, pool, request).onSuccess(ctx::json).onFailure(ctx::fail);
        }
    }

    /** The pool of the body's {@code model}, which must offer {@code task}. */
    ModelPool pool(JsonObject body, String task) {
        String model = JsonArgs.requireString(body, "model", ModelName.MAX_LENGTH);
        ModelPool pool = manager.pool(model);
        Set<String> tasks = pool.tasks();
        if (tasks.isEmpty()) { // a gateway learns a model's tasks from its first worker
            throw AtelierException.unavailable("model '" + model + "' has no live worker yet; retry");
        }
        if (!tasks.contains(task)) {
            if (!manager.offersTask(task)) {
                throw AtelierException.notFound("no served model offers the task " + AtelierException.quote(task));
            }
            throw AtelierException.invalidArgument("model", "model '" + model + "' does not offer the task "
                    + AtelierException.quote(task) + "; it offers: " + String.join(", ", new TreeSet<>(tasks)));
        }
        return pool;
    }

    /** True when the body's {@code model} is served and offers {@code task} (no error otherwise: {@link #pool} gives it). */
    boolean offers(JsonObject body, String task) {
        Object model = body.getValue("model");
        return model instanceof String name
                && manager.pools().stream().anyMatch(p -> p.model().equals(name) && p.tasks().contains(task));
    }

    /** Request ids: unique over the cluster (a random prefix per gateway) without a SecureRandom call each. */
    private static final String ID_PREFIX = UUID.randomUUID().toString().substring(0, 18);
    private static final AtomicLong NEXT_ID = new AtomicLong();

    static WorkRequest request(ModelPool pool, String task, JsonObject body, boolean stream) {
        String id = ID_PREFIX + "-" + Long.toHexString(NEXT_ID.incrementAndGet());
        return new WorkRequest(id, pool.model(), task, body, stream,
                System.currentTimeMillis() + pool.limits().timeoutMillis());
    }

    /**
     * Runs a request without streaming, for any route: admitted into the pool, cancelled if the
     * client disconnects, completed on the HTTP request's event loop.
     */
    Future<JsonObject> call(RoutingContext ctx, ModelPool pool, WorkRequest request) {
        Context context = vertx.getOrCreateContext();
        Call call = pool.submit(request, null);
        ctx.response().closeHandler(v -> call.cancel());
        return call.result()
                .transform(ar -> onContext(context, ar))
                .map(result -> {
                    result.remove(WorkerProtocol.CHUNKS);
                    return result;
                });
    }

    /** How a streamed answer's parts and final result become server-sent events ({@code [DONE]} follows). */
    interface StreamFormat {
        void part(SseStream sse, JsonObject part);

        void result(SseStream sse, JsonObject result);
    }

    /** The native API's stream: each part as it is, then the final result. */
    static final StreamFormat NATIVE_STREAM = new StreamFormat() {
        @Override
        public void part(SseStream sse, JsonObject part) {
            sse.event(part);
        }

        @Override
        public void result(SseStream sse, JsonObject result) {
            sse.event(result);
        }
    };

    /**
     * Runs a request as a server-sent-event stream, for any route: parts as the worker emits them,
     * the result, then {@code data: [DONE]}; a failure before the first event is a plain HTTP error,
     * after it a {@code data: {"error":…}} event. A client that disconnects cancels the request.
     */
    void streamed(RoutingContext ctx, ModelPool pool, WorkRequest request, StreamFormat format) {
        SseStream sse = new SseStream(ctx.response());
        String address = WorkerProtocol.streamAddress(request.id());
        MessageConsumer<JsonObject> parts = vertx.eventBus().consumer(address);
        PartCounter counter = new PartCounter();
        parts.handler(m -> {
            format.part(sse, m.body().getJsonObject("part"));
            counter.received(m.body().getInteger("seq", 0));
        });
        // Register the stream address before the worker can send to it (asynchronous when clustered).
        Context context = vertx.getOrCreateContext();
        parts.completion().onComplete(registered -> {
            Call call = pool.submit(request, address);
            ctx.response().closeHandler(v -> call.cancel());
            call.result().transform(ar -> onContext(context, ar)).onComplete(ar -> {
                if (ar.succeeded()) {
                    JsonObject result = ar.result();
                    int expected = (Integer) result.remove(WorkerProtocol.CHUNKS);
                    // Parts and the final answer travel separately: write the answer after the last part.
                    counter.whenReached(vertx, expected, () -> {
                        parts.unregister();
                        format.result(sse, result);
                        sse.done();
                    });
                } else {
                    parts.unregister();
                    if (sse.started()) {
                        sse.error(errors.toApiError(ar.cause(), 500, ctx));
                    } else {
                        ctx.fail(ar.cause());
                    }
                }
            });
        });
    }

    /** Continues on the request's event loop, whichever thread completed the call. */
    private static <T> Future<T> onContext(Context context, AsyncResult<T> ar) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> promise.handle(ar));
        return promise.future();
    }

    /** Counts streamed parts so the final event waits for stragglers (bounded wait). */
    private static final class PartCounter {
        private static final long MAX_WAIT_MILLIS = 2_000;
        private int seen;
        private int expected = -1;
        private Runnable then;

        void received(int seq) {
            seen = Math.max(seen, seq);
            fireIfReached();
        }

        void whenReached(Vertx vertx, int expected, Runnable then) {
            this.expected = expected;
            this.then = then;
            if (!fireIfReached()) {
                vertx.setTimer(MAX_WAIT_MILLIS, id -> fire());
            }
        }

        private boolean fireIfReached() {
            if (expected >= 0 && seen >= expected) {
                fire();
                return true;
            }
            return false;
        }

        private void fire() {
            Runnable r = then;
            then = null;
            if (r != null) {
                r.run();
            }
        }
    }
}
