package dev.atelier.server.routing;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.server.worker.WorkerProtocol;
import dev.atelier.server.worker.WorkerSpec;
import io.vertx.core.Vertx;
import dev.atelier.server.config.ModelConfig;
import dev.atelier.server.metrics.GatewayMetrics;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Routes requests by model name to that model's {@link ModelPool}, and keeps the pools' worker
 * lists current from the workers' announcements ({@code up}, {@code heartbeat}, {@code down}; see
 * {@link WorkerProtocol}), from cluster membership ({@link #nodeLeft}) and from silence (a worker
 * not heard from for {@link WorkerProtocol#EXPIRY_MILLIS}). Workers may be local or on other
 * machines: the manager only knows their event-bus ids. Knows nothing of HTTP or of any capability.
 */
public final class WorkloadManager {
    private static final Logger LOG = LoggerFactory.getLogger(WorkloadManager.class);

    private final Vertx vertx;
    private final GatewayMetrics metrics;
    private final boolean acceptUnconfiguredModels;
    private final Map<String, ModelPool> pools = new ConcurrentHashMap<>();
    private final Map<String, Long> lastHeard = new ConcurrentHashMap<>(); // worker id → nanoTime

    /**
     * @param acceptUnconfiguredModels when true (a clustered gateway), a worker announcing a model
     *        this gateway has no config for gets a pool with the default limits
     */
    public WorkloadManager(Vertx vertx, GatewayMetrics metrics, boolean acceptUnconfiguredModels) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.acceptUnconfiguredModels = acceptUnconfiguredModels;
        vertx.eventBus().<JsonObject>consumer(WorkerProtocol.EVENTS, m -> onWorkerEvent(m.body()))
                .completion()
                .onSuccess(v -> vertx.eventBus().publish(WorkerProtocol.EVENTS, new JsonObject().put("event", "discover")));
        vertx.setPeriodic(WorkerProtocol.HEARTBEAT_MILLIS, id -> expireSilentWorkers());
    }

    public void addPool(ModelPool pool) {
        if (pools.putIfAbsent(pool.model(), pool) != null) {
            throw new IllegalArgumentException("model '" + pool.model() + "' is configured twice");
        }
    }

    /** The pool of a model, or {@code NOT_FOUND} naming the models that exist. */
    public ModelPool pool(String model) {
        ModelPool pool = pools.get(model);
        if (pool == null) {
            throw new AtelierException(ErrorCode.NOT_FOUND,
                    "model " + AtelierException.quote(model) + " not found; served models: "
                            + (pools.isEmpty() ? "none" : String.join(", ", new TreeSet<>(pools.keySet()))),
                    "model");
        }
        return pool;
    }

    public Collection<ModelPool> pools() {
        return List.copyOf(pools.values());
    }

    /** True when some served model offers this task. */
    public boolean offersTask(String task) {
        return pools.values().stream().anyMatch(p -> p.tasks().contains(task));
    }

    /** Ready when every model has all its configured workers live. */
    public boolean ready() {
        return pools.values().stream().allMatch(ModelPool::ready);
    }

    /** Called when a local worker could not load its model: readiness stays DOWN and requests get the reason. */
    public void workerFailedToLoad(WorkerSpec spec, String reason) {
        ModelPool pool = pools.get(spec.model());
        if (pool != null) {
            pool.workerFailedToLoad(reason);
        }
    }

    /** A cluster node left (its process died or was cut off): all its workers are gone at once. */
    public void nodeLeft(String node) {
        for (ModelPool pool : pools.values()) {
            for (String worker : pool.workersOn(node)) {
                LOG.warn("worker {} gone with cluster node {}", worker, node);
                down(pool, worker);
            }
        }
    }

    private void onWorkerEvent(JsonObject event) {
        String kind = event.getString("event", "");
        if (!kind.equals("up") && !kind.equals("heartbeat") && !kind.equals("down")) {
            return;
        }
        WorkerSpec spec;
        try {
            spec = WorkerSpec.fromJson(event);
        } catch (RuntimeException e) {
            LOG.warn("ignoring a malformed worker announcement: {}", e.getMessage());
            return;
        }
        ModelPool pool = pools.get(spec.model());
        if (kind.equals("down")) {
            if (pool != null) {
                down(pool, spec.id());
            }
            return;
        }
        if (pool == null && acceptUnconfiguredModels) {
            pool = pools.computeIfAbsent(spec.model(), m -> new ModelPool(m, spec.tasks(),
                    ModelConfig.defaults(m).limits(), 1, vertx, metrics));
        }
        if (pool != null) {
            lastHeard.put(spec.id(), System.nanoTime());
            if (!pool.has(spec.id())) {
                LOG.info("worker {} for model '{}' on {} (node {}) is up", spec.id(), spec.model(), spec.device(),
                        spec.node());
            }
            pool.workerUp(spec);
        }
    }

    private void down(ModelPool pool, String workerId) {
        lastHeard.remove(workerId);
        pool.workerDown(workerId);
    }

    /** A worker that stopped announcing itself (a hung or cut-off node) is taken out of rotation. */
    private void expireSilentWorkers() {
        long now = System.nanoTime();
        long expiry = TimeUnit.MILLISECONDS.toNanos(WorkerProtocol.EXPIRY_MILLIS);
        lastHeard.forEach((worker, heard) -> {
            if (now - heard > expiry) {
                for (ModelPool pool : pools.values()) {
                    if (pool.has(worker)) {
                        LOG.warn("worker {} silent for {} ms: taken out of rotation", worker, WorkerProtocol.EXPIRY_MILLIS);
                        down(pool, worker);
                    }
                }
                lastHeard.remove(worker, heard);
            }
        });
    }
}
