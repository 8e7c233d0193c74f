package dev.atelier.server.worker;

import dev.atelier.core.device.Device;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model worker: loads a model onto its device, then answers requests addressed to it on the
 * event bus. Requests run on the worker's own thread pool (size = concurrency), so a slow model
 * never blocks an event loop and one model's load never starves another's.
 *
 * <p>A request that throws is answered with a typed error and the worker keeps serving. When the
 * worker stops, every request it still holds is failed at once with {@code UNAVAILABLE} and a
 * {@code down} event is published, so the gateway stops routing to it without waiting for timeouts.
 */
public final class WorkerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerVerticle.class);

    private final WorkerSpec spec;
    private final HandlerFactory factory;
    private final Map<String, RunningRequest> running = new ConcurrentHashMap<>();
    private WorkerExecutor executor;
    private ModelHandler handler;
    private MessageConsumer<JsonObject> requests;
    private MessageConsumer<String> cancels;
    private MessageConsumer<JsonObject> discovery;
    private long heartbeat = -1;

    public WorkerVerticle(WorkerSpec spec, HandlerFactory factory) {
        this.spec = spec;
        this.factory = factory;
    }

    public WorkerSpec spec() {
        return spec;
    }

    @Override
    public Future<?> start() {
        executor = vertx.createSharedWorkerExecutor("atelier-" + spec.id(), spec.concurrency(),
                Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        return executor.executeBlocking(() -> factory.load(spec.model(), spec.device()), false)
                .compose(loaded -> {
                    handler = loaded;
                    requests = vertx.eventBus().consumer(WorkerProtocol.address(spec.id()), this::onRequest);
                    cancels = vertx.eventBus().consumer(WorkerProtocol.cancelAddress(spec.id()),
                            m -> cancel(m.body()));
                    // A gateway that starts after this worker asks who is there.
                    discovery = vertx.eventBus().consumer(WorkerProtocol.EVENTS, m -> {
                        if ("discover".equals(m.body().getString("event"))) {
                            announce("up");
                        }
                    });
                    return Future.all(requests.completion(), cancels.completion(), discovery.completion());
                })
                .onSuccess(v -> {
                    announce("up");
                    heartbeat = vertx.setPeriodic(WorkerProtocol.HEARTBEAT_MILLIS, id -> announce("heartbeat"));
                });
    }

    private void announce(String kind) {
        vertx.eventBus().publish(WorkerProtocol.EVENTS, spec.toJson().put("event", kind));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(heartbeat);
        announce("down");
        for (RunningRequest r : running.values()) {
            r.cancelled.set(true);
            r.fail(AtelierException.unavailable("the worker for model '" + spec.model() + "' on "
                    + spec.device() + " stopped"));
        }
        Future<Void> unregister = Future.all(
                requests == null ? Future.succeededFuture() : requests.unregister(),
                cancels == null ? Future.succeededFuture() : cancels.unregister(),
                discovery == null ? Future.succeededFuture() : discovery.unregister()).mapEmpty();
        ModelHandler h = handler;
        return unregister
                .compose(v -> h == null ? Future.succeededFuture()
                        : vertx.executeBlocking(() -> {
                            h.close();
                            return null;
                        }))
                .eventually(() -> executor.close());
    }

    private void onRequest(Message<JsonObject> message) {
        WorkRequest request;
        try {
            request = WorkRequest.fromJson(message.body());
        } catch (RuntimeException e) {
            WorkerProtocol.fail(message, AtelierException.internal("malformed work request", e));
            return;
        }
        RunningRequest run = new RunningRequest(request, message,
                request.stream() ? message.body().getString(WorkerProtocol.STREAM_ADDRESS) : null);
        running.put(request.id(), run);
        executor.executeBlocking(() -> handler.handle(request, run), false).onComplete(ar -> {
            running.remove(request.id());
            if (ar.succeeded()) {
                JsonObject result = ar.result() == null ? new JsonObject() : ar.result();
                run.reply(result.put(WorkerProtocol.CHUNKS, run.seq.get()));
            } else {
                run.fail(toError(ar.cause(), run));
            }
        });
    }

    private void cancel(String requestId) {
        RunningRequest r = running.get(requestId);
        if (r != null) {
            r.cancelled.set(true);
        }
    }

    private AtelierException toError(Throwable t, RunningRequest run) {
        if (t instanceof AtelierException e) {
            return e;
        }
        if (run.cancelled.get()) {
            return AtelierException.cancelled("request was cancelled");
        }
        // Not the caller's fault: log the details here, send only a generic message out.
        LOG.error("model '{}' on {} failed on request {}", spec.model(), spec.device(), run.request.id(), t);
        return new AtelierException(ErrorCode.INTERNAL, "internal error in the worker for model '"
                + spec.model() + "' (request " + run.request.id() + ")");
    }

    /** The per-request state a handler sees through {@link WorkContext}. */
    private final class RunningRequest implements WorkContext {
        final WorkRequest request;
        final Message<JsonObject> message;
        final String streamAddress;
        final AtomicBoolean cancelled = new AtomicBoolean();
        final AtomicBoolean answered = new AtomicBoolean();
        final AtomicInteger seq = new AtomicInteger();

        RunningRequest(WorkRequest request, Message<JsonObject> message, String streamAddress) {
            this.request = request;
            this.message = message;
            this.streamAddress = streamAddress;
        }

        @Override
        public Device device() {
            return spec.device();
        }

        @Override
        public void emit(JsonObject part) {
            if (streamAddress != null && !answered.get()) {
                // seq lets the gateway wait for every part before it writes the final result.
                vertx.eventBus().send(streamAddress,
                        new JsonObject().put("seq", seq.incrementAndGet()).put("part", part));
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get() || System.currentTimeMillis() > request.deadlineMillis();
        }

        @Override
        public void checkCancelled() {
            if (cancelled.get()) {
                throw AtelierException.cancelled("request was cancelled");
            }
            if (System.currentTimeMillis() > request.deadlineMillis()) {
                throw AtelierException.deadlineExceeded("request ran past its deadline");
            }
        }

        void reply(JsonObject result) {
            if (answered.compareAndSet(false, true)) {
                message.reply(result);
            }
        }

        void fail(AtelierException error) {
            if (answered.compareAndSet(false, true)) {
                WorkerProtocol.fail(message, error);
            }
        }
    }
}
