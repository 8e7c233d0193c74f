package dev.atelier.server.routing;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.server.worker.WorkerProtocol;
import dev.atelier.server.worker.WorkerSpec;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes requests by model name to that model's {@link ModelPool}, and keeps the pools' worker
 * lists current from the workers' {@code up}/{@code down} events. Knows nothing of HTTP or of any
 * particular capability.
 */
public final class WorkloadManager {
    private final Map<String, ModelPool> pools = new ConcurrentHashMap<>();

    public WorkloadManager(Vertx vertx) {
        vertx.eventBus().<JsonObject>consumer(WorkerProtocol.EVENTS, m -> onWorkerEvent(m.body()));
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
                    "model '" + abbreviate(model) + "' not found; served models: "
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

    /** Ready when every configured model has all its workers loaded. */
    public boolean ready() {
        return pools.values().stream().allMatch(ModelPool::ready);
    }

    /** Called when a worker finished loading (locally, or announced by a remote node). */
    public void workerUp(WorkerSpec spec) {
        ModelPool pool = pools.get(spec.model());
        if (pool != null) {
            pool.workerUp(spec);
        }
    }

    /** Called when a worker could not load its model: readiness stays DOWN and requests get the reason. */
    public void workerFailedToLoad(WorkerSpec spec, String reason) {
        ModelPool pool = pools.get(spec.model());
        if (pool != null) {
            pool.workerFailedToLoad(reason);
        }
    }

    private void onWorkerEvent(JsonObject event) {
        ModelPool pool = pools.get(event.getString("model", ""));
        if (pool != null && "down".equals(event.getString("event"))) {
            pool.workerDown(event.getString("worker"));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
