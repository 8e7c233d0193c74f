package dev.atelier.server.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * A server-sent-events answer ({@code text/event-stream}), written by hand as Vert.x has no
 * server-side SSE helper. Each event is one {@code data: <json>} line; the stream ends with
 * {@code data: [DONE]}, or with {@code data: {"error":…}} when it fails after it started
 * (the shape the OpenAI clients read). Headers go out with the first event, so a request refused
 * before any output still gets a plain HTTP error status.
 */
public final class SseStream {
    private final HttpServerResponse response;

    public SseStream(HttpServerResponse response) {
        this.response = response;
    }

    public boolean started() {
        return response.headWritten();
    }

    public boolean open() {
        return !response.ended() && !response.closed();
    }

    public void event(JsonObject data) {
        write("data: " + data.encode() + "\n\n");
    }

    public void done() {
        write("data: [DONE]\n\n");
        if (open()) {
            response.end();
        }
    }

    public void error(ApiError error) {
        write("data: " + error.toJson().encode() + "\n\n");
        if (open()) {
            response.end();
        }
    }

    private void write(String text) {
        if (!open()) {
            return;
        }
        if (!response.headWritten()) {
            response.setStatusCode(200)
                    .putHeader("content-type", "text/event-stream; charset=utf-8")
                    .putHeader("cache-control", "no-cache")
                    .setChunked(true);
        }
        response.write(text);
    }
}
