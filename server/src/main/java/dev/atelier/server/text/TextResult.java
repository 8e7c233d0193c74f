package dev.atelier.server.text;

import io.vertx.core.json.JsonObject;

/**
 * The final answer of a {@code text-generation} work request:
 * {@code {"model", "text", "finish_reason": "stop"|"length", "usage": {"prompt_tokens",
 * "completion_tokens", "total_tokens"}}}. {@code text} is the whole generated text (the streamed
 * chunks joined), without any stop string.
 */
public record TextResult(String model, String text, FinishReason finishReason, int promptTokens, int completionTokens) {

    public JsonObject toJson() {
        return new JsonObject()
                .put("model", model)
                .put("text", text)
                .put("finish_reason", finishReason.wire())
                .put("usage", usage());
    }

    public JsonObject usage() {
        return new JsonObject()
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
    }

    public static TextResult fromJson(JsonObject json) {
        JsonObject usage = json.getJsonObject("usage", new JsonObject());
        return new TextResult(json.getString("model"), json.getString("text", ""),
                FinishReason.fromWire(json.getString("finish_reason", "stop")),
                usage.getInteger("prompt_tokens", 0), usage.getInteger("completion_tokens", 0));
    }
}
