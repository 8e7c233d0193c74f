package dev.atelier.server.worker;

import dev.atelier.core.device.Device;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;

/**
 * Identity of one worker, as announced on the event bus: its id (also its address), the model and
 * tasks it serves, its device, how many requests it runs at once, and the cluster node it lives on
 * ({@link #LOCAL_NODE} when Vert.x is not clustered).
 */
public record WorkerSpec(String id, String model, Device device, int concurrency, Set<String> tasks, String node) {
    public static final String LOCAL_NODE = "local";

    public WorkerSpec {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        tasks = Set.copyOf(tasks);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("worker", id)
                .put("model", model)
                .put("device", device.toString())
                .put("concurrency", concurrency)
                .put("tasks", new JsonArray(new TreeSet<>(tasks).stream().toList()))
                .put("node", node);
    }

    /** Reads an announcement; throws IllegalArgumentException (or a typed device error) when malformed. */
    public static WorkerSpec fromJson(JsonObject json) {
        Set<String> tasks = new TreeSet<>();
        for (Object t : json.getJsonArray("tasks", new JsonArray())) {
            tasks.add(String.valueOf(t));
        }
        String id = json.getString("worker");
        String model = json.getString("model");
        if (id == null || model == null) {
            throw new IllegalArgumentException("worker announcement without id or model");
        }
        return new WorkerSpec(id, model, Device.parse(json.getString("device")), json.getInteger("concurrency", 1),
                tasks, json.getString("node", LOCAL_NODE));
    }
}
