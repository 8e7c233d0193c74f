package dev.atelier.server.worker;

import io.vertx.core.json.JsonObject;

/**
 * A request as a worker sees it: which model and task, the caller's JSON arguments, whether the
 * caller wants the result streamed, and the wall-clock deadline (epoch millis) after which nobody
 * will read the answer.
 */
public record WorkRequest(String id, String model, String task, JsonObject body, boolean stream, long deadlineMillis) {

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("model", model)
                .put("task", task)
                .put("body", body)
                .put("stream", stream)
                .put("deadline", deadlineMillis);
    }

    public static WorkRequest fromJson(JsonObject json) {
        return new WorkRequest(json.getString("id"), json.getString("model"), json.getString("task"),
                json.getJsonObject("body", new JsonObject()), json.getBoolean("stream", false),
                json.getLong("deadline", Long.MAX_VALUE));
    }
}
