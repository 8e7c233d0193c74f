package dev.atelier.server.text;

import io.vertx.core.json.JsonObject;

/**
 * One streamed piece of generated text, as a text worker emits it through
 * {@link dev.atelier.server.worker.WorkContext#emit}: {@code {"text": "…"}}. Pieces are whole
 * Unicode code points (the engine's streaming decoder holds back partial UTF-8), never empty, and
 * never part of a stop string.
 */
public record TextChunk(String text) {
    public JsonObject toJson() {
        return new JsonObject().put("text", text);
    }

    public static TextChunk fromJson(JsonObject part) {
        return new TextChunk(part.getString("text", ""));
    }
}
