package dev.atelier.server.routing;

import dev.atelier.core.error.AtelierException;
import dev.atelier.server.metrics.GatewayMetrics;
import dev.atelier.server.worker.WorkRequest;
import dev.atelier.server.worker.WorkerProtocol;
import dev.atelier.server.worker.WorkerSpec;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All workers of one model, with its admission control. A request is admitted if fewer than
 * {@code maxInFlight} are at the workers (it is dispatched at once to the worker with the fewest
 * outstanding requests), else queued if the queue has room, else refused at once with
 * {@code RESOURCE_EXHAUSTED} (HTTP 429). The queue lives here, never in the event bus, whose
 * consumers silently drop messages past their own buffer.
 *
 * <p>A slot is given back when the worker answers, not when the client gives up, so a worker that
 * is still finishing a cancelled step is never handed more work than the limit.
 */
public final class ModelPool {
    /** Extra time the event bus waits for a worker past the deadline: the worker must stop by then. */
    static final long DEADLINE_GRACE_MILLIS = 5_000;

    private final String model;
    private final Set<String> tasks = ConcurrentHashMap.newKeySet(); // grows as workers announce theirs
    private final PoolLimits limits;
    private final int expectedWorkers;
    private final Vertx vertx;
    private final GatewayMetrics metrics;

    // Guarded by this.
    private final List<WorkerRef> workers = new ArrayList<>();
    private final ArrayDeque<Call> queue = new ArrayDeque<>();
    private final Set<Call> dispatched = new HashSet<>();
    private String loadFailure;

    public ModelPool(String model, Set<String> tasks, PoolLimits limits, int expectedWorkers, Vertx vertx,
                     GatewayMetrics metrics) {
        this.model = model;
        this.tasks.addAll(tasks);
        this.limits = limits;
        this.expectedWorkers = expectedWorkers;
        this.vertx = vertx;
        this.metrics = metrics;
        metrics.registerPool(model, this::queueDepth, this::inFlight);
    }

    public String model() {
        return model;
    }

    public Set<String> tasks() {
        return Set.copyOf(tasks);
    }

    public PoolLimits limits() {
        return limits;
    }

    public synchronized int queueDepth() {
        return queue.size();
    }

    public synchronized int inFlight() {
        return dispatched.size();
    }

    public synchronized int liveWorkers() {
        return workers.size();
    }

    /** Ready when as many workers are live as were configured (at least one). */
    public synchronized boolean ready() {
        return workers.size() >= Math.max(1, expectedWorkers);
    }

    /** Whether the worker is one of this pool's live workers. */
    synchronized boolean has(String workerId) {
        return workers.stream().anyMatch(w -> w.spec.id().equals(workerId));
    }

    /** Ids of the live workers on a cluster node. */
    synchronized List<String> workersOn(String node) {
        return workers.stream().filter(w -> w.spec.node().equals(node)).map(w -> w.spec.id()).toList();
    }

    /** Why the model is not served, if a worker failed to load it; null otherwise. */
    public synchronized String loadFailure() {
        return loadFailure;
    }

    synchronized void workerUp(WorkerSpec spec) {
        if (has(spec.id())) {
            return; // a heartbeat of a worker we know
        }
        WorkerRef ref = new WorkerRef(spec);
        workers.add(ref);
        tasks.addAll(spec.tasks());
        loadFailure = null;
        metrics.registerWorker(spec, () -> outstanding(ref));
        pump();
    }

    synchronized void workerFailedToLoad(String reason) {
        loadFailure = reason;
    }

    private synchronized int outstanding(WorkerRef ref) {
        return ref.outstanding;
    }

    /** A worker went away: its requests fail now with 503 instead of waiting for their timeouts. */
    void workerDown(String workerId) {
        List<Call> orphans = new ArrayList<>();
        List<Call> stranded = new ArrayList<>();
        synchronized (this) {
            WorkerRef ref = workers.stream().filter(w -> w.spec.id().equals(workerId)).findFirst().orElse(null);
            if (ref == null) {
                return;
            }
            workers.remove(ref);
            metrics.removeWorker(ref.spec);
            for (Call call : List.copyOf(dispatched)) {
                if (call.worker == ref) {
                    release(call);
                    orphans.add(call);
                }
            }
            if (workers.isEmpty()) {
                stranded.addAll(queue);
                queue.clear();
            }
            pump();
        }
        AtelierException gone = AtelierException.unavailable(
                "the worker serving model '" + model + "' went away; retry");
        orphans.forEach(c -> finish(c, gone));
        stranded.forEach(c -> finish(c, AtelierException.unavailable("model '" + model + "' has no live worker")));
    }

    /**
     * Admits a request or refuses it at once. The returned call's result completes with the worker's
     * answer or a typed error. {@code streamAddress} is where streamed parts go (null: no streaming).
     */
    public Call submit(WorkRequest request, String streamAddress) {
        Call call = new Call(this, request, streamAddress);
        AtelierException refusal = null;
        synchronized (this) {
            if (workers.isEmpty()) {
                refusal = AtelierException.unavailable(loadFailure != null
                        ? "model '" + model + "' is not available: " + loadFailure
                        : "model '" + model + "' has no live worker yet; retry");
            } else if (dispatched.size() < limits.maxInFlight()) {
                dispatch(call);
            } else if (queue.size() < limits.maxQueue()) {
                queue.addLast(call);
            } else {
                refusal = AtelierException.resourceExhausted("model '" + model + "' is at capacity ("
                        + limits.maxInFlight() + " in flight, " + limits.maxQueue() + " queued); retry later");
            }
            if (refusal == null) {
                long wait = Math.max(1, request.deadlineMillis() - System.currentTimeMillis());
                call.deadlineTimer = vertx.setTimer(wait, id -> expire(call));
            }
        }
        if (refusal != null) {
            finish(call, refusal);
        }
        return call;
    }

    void cancel(Call call, AtelierException reason) {
        stop(call, reason);
    }

    private void expire(Call call) {
        stop(call, AtelierException.deadlineExceeded("model '" + model + "' did not answer within "
                + limits.timeoutMillis() + " ms"));
    }

    /** Ends a call early: a queued one leaves the queue; a dispatched one keeps its slot until its worker answers. */
    private void stop(Call call, AtelierException reason) {
        WorkerRef worker;
        synchronized (this) {
            if (queue.remove(call)) {
                worker = null;
            } else if (dispatched.contains(call)) {
                worker = call.worker;
            } else {
                return; // already finished
            }
        }
        if (worker != null) {
            vertx.eventBus().send(WorkerProtocol.cancelAddress(worker.spec.id()), call.request.id());
        }
        finish(call, reason);
    }

    // Caller holds the lock.
    private void dispatch(Call call) {
        WorkerRef worker = workers.stream().min(Comparator.comparingInt(w -> w.outstanding)).orElseThrow();
        worker.outstanding++;
        call.worker = worker;
        dispatched.add(call);
        JsonObject message = call.request.toJson();
        if (call.streamAddress != null) {
            message.put(WorkerProtocol.STREAM_ADDRESS, call.streamAddress);
        }
        long remaining = Math.max(1, call.request.deadlineMillis() - System.currentTimeMillis());
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(remaining + DEADLINE_GRACE_MILLIS);
        vertx.eventBus().<JsonObject>request(WorkerProtocol.address(worker.spec.id()), message, options)
                .onComplete(ar -> onWorkerAnswer(call, worker, ar));
    }

    private void onWorkerAnswer(Call call, WorkerRef worker, AsyncResult<Message<JsonObject>> ar) {
        synchronized (this) {
            if (!call.released) {
                release(call);
                pump();
            }
        }
        if (ar.succeeded()) {
            vertx.cancelTimer(call.deadlineTimer);
            if (call.promise.tryComplete(ar.result().body())) {
                metrics.requestDone(model, call.request.task(), call.device(), "ok", call.startNanos);
            }
            return;
        }
        AtelierException error;
        if (ar.cause() instanceof ReplyException re) {
            error = switch (re.failureType()) {
                case TIMEOUT -> AtelierException.deadlineExceeded("model '" + model + "' did not answer in time");
                case NO_HANDLERS -> {
                    workerDown(worker.spec.id());
                    yield AtelierException.unavailable("the worker serving model '" + model + "' is gone; retry");
                }
                default -> WorkerProtocol.toException(re);
            };
        } else {
            error = AtelierException.internal("worker call failed", ar.cause());
        }
        finish(call, error);
    }

    // Caller holds the lock.
    private void release(Call call) {
        call.released = true;
        dispatched.remove(call);
        if (call.worker != null) {
            call.worker.outstanding--;
        }
    }

    // Caller holds the lock: moves queued calls to free slots.
    private void pump() {
        while (!queue.isEmpty() && !workers.isEmpty() && dispatched.size() < limits.maxInFlight()) {
            dispatch(queue.pollFirst());
        }
    }

    private void finish(Call call, AtelierException error) {
        vertx.cancelTimer(call.deadlineTimer);
        if (call.promise.tryFail(error)) {
            metrics.requestDone(model, call.request.task(), call.device(), error.code().code(), call.startNanos);
        }
    }
}
