package dev.atelier.server.http;

import dev.atelier.core.error.AtelierException;
import dev.atelier.server.routing.ModelPool;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * {@code POST /v1/embeddings}, the OpenAI shape over the native {@code text-embedding} task.
 * {@code encoding_format} is {@code float} (default) or {@code base64}: little-endian float32
 * bytes, base64-encoded, which the official Node client asks for by default.
 */
final class OpenAiEmbeddings {
    static final String TASK = "text-embedding";

    private final TaskEndpoint tasks;

    OpenAiEmbeddings(TaskEndpoint tasks) {
        this.tasks = tasks;
    }

    void handle(RoutingContext ctx) {
        JsonObject body = JsonArgs.parseObject(ctx.body().buffer());
        ModelPool pool = tasks.pool(body, TASK);
        String format = body.getValue("encoding_format") == null ? "float"
                : JsonArgs.requireString(body, "encoding_format", 16);
        if (!format.equals("float") && !format.equals("base64")) {
            throw AtelierException.invalidArgument("encoding_format",
                    "'encoding_format' must be 'float' or 'base64', got '" + format + "'");
        }
        Long dimensions = body.getValue("dimensions") == null ? null
                : JsonArgs.optLong(body, "dimensions", 0, 1, 65_536);
        JsonObject nativeBody = new JsonObject().put("input", body.getValue("input"));
        tasks.call(ctx, pool, TaskEndpoint.request(pool, TASK, nativeBody, false))
                .map(result -> {
                    int dim = result.getInteger("dimension");
                    if (dimensions != null && dimensions != dim) {
                        throw AtelierException.invalidArgument("dimensions", "model '" + pool.model()
                                + "' makes " + dim + "-dimensional embeddings; 'dimensions' must be " + dim
                                + " or absent");
                    }
                    return openAiShape(result, format);
                })
                .onSuccess(ctx::json)
                .onFailure(ctx::fail);
    }

    private static JsonObject openAiShape(JsonObject result, String format) {
        JsonArray data = new JsonArray();
        JsonArray embeddings = result.getJsonArray("embeddings");
        for (int i = 0; i < embeddings.size(); i++) {
            JsonArray vector = embeddings.getJsonArray(i);
            data.add(new JsonObject()
                    .put("object", "embedding")
                    .put("index", i)
                    .put("embedding", format.equals("base64") ? base64(vector) : vector));
        }
        return new JsonObject()
                .put("object", "list")
                .put("data", data)
                .put("model", result.getString("model"))
                .put("usage", result.getJsonObject("usage"));
    }

    private static String base64(JsonArray vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < vector.size(); i++) {
            bytes.putFloat(vector.getNumber(i).floatValue());
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
