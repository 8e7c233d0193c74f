package dev.atelier.server.http;

import dev.atelier.core.error.AtelierException;
import dev.atelier.server.routing.ModelPool;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.Map;

/**
 * {@code POST /v1/audio/speech}, the OpenAI shape over the native {@code speech} task: JSON in
 * ({@code model, input, voice, response_format, speed}), audio bytes out. Formats: {@code wav}
 * (16-bit), {@code flac}, {@code pcm} (raw 16-bit little-endian mono at 24 kHz, as OpenAI's);
 * OpenAI's compressed formats (mp3, opus, aac) are refused with 400.
 */
final class OpenAiSpeech {
    static final String TASK = "speech";
    private static final Map<String, String> FORMATS = Map.of("wav", "wav", "flac", "flac", "pcm", "pcm");

    private final TaskEndpoint tasks;

    OpenAiSpeech(TaskEndpoint tasks) {
        this.tasks = tasks;
    }

    void handle(RoutingContext ctx) {
        JsonObject body = JsonArgs.parseObject(ctx.body().buffer());
        ModelPool pool = tasks.pool(body, TASK);
        String format = body.getValue("response_format") == null ? "wav"
                : JsonArgs.requireString(body, "response_format", 16);
        if (!FORMATS.containsKey(format)) {
            throw AtelierException.invalidArgument("response_format", "'response_format' must be wav, flac or pcm, got "
                    + AtelierException.quote(format));
        }
        JsonObject nativeBody = new JsonObject()
                .put("input", body.getValue("input"))
                .put("format", FORMATS.get(format))
                .put("sample_rate", 24_000);
        if (body.getValue("voice") != null) {
            nativeBody.put("voice", body.getValue("voice"));
        }
        if (body.getValue("speed") != null) {
            nativeBody.put("speed", body.getValue("speed"));
        }
        tasks.call(ctx, pool, TaskEndpoint.request(pool, TASK, nativeBody, false))
                .onSuccess(result -> ctx.response()
                        .putHeader("content-type", result.getString("media_type"))
                        .end(Buffer.buffer(Base64.getDecoder().decode(result.getString("audio")))))
                .onFailure(ctx::fail);
    }
}
