package dev.atelier.server.http;

import dev.atelier.core.error.AtelierException;
import dev.atelier.server.routing.ModelPool;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/images/generations}, the OpenAI shape over the native {@code text-to-image}
 * task, or {@code class-to-image} for a class-conditional model (whose prompt names the class):
 * {@code prompt}, {@code n}, {@code size} ("64x64", or a whole multiple of the model's size),
 * {@code response_format} {@code b64_json} (the only one: the gateway keeps no files to link to).
 * Answer: {@code {"created", "data": [{"b64_json"}]}}. The {@code seed}, {@code truncation} and
 * {@code class} fields, which OpenAI lacks, are passed through.
 */
final class OpenAiImages {
    static final String TASK = "text-to-image";
    /** Class-conditional models (MNIST digits): the prompt names the class ("a handwritten digit seven"). */
    static final String CLASS_TASK = "class-to-image";

    private final TaskEndpoint tasks;

    OpenAiImages(TaskEndpoint tasks) {
        this.tasks = tasks;
    }

    void handle(RoutingContext ctx) {
        JsonObject body = JsonArgs.parseObject(ctx.body().buffer());
        String task = tasks.offers(body, CLASS_TASK) ? CLASS_TASK : TASK;
        ModelPool pool = tasks.pool(body, task);
        Object format = body.getValue("response_format");
        if (format != null && !"b64_json".equals(format)) {
            throw AtelierException.invalidArgument("response_format",
                    "'response_format' must be 'b64_json' (this gateway does not host image URLs)");
        }
        JsonObject nativeBody = new JsonObject().put("prompt", body.getValue("prompt"));
        for (String key : new String[] {"n", "size", "seed", "truncation", "class"}) {
            if (body.getValue(key) != null) {
                nativeBody.put(key, body.getValue(key));
            }
        }
        tasks.call(ctx, pool, TaskEndpoint.request(pool, task, nativeBody, false))
                .map(OpenAiImages::openAiShape)
                .onSuccess(ctx::json)
                .onFailure(ctx::fail);
    }

    private static JsonObject openAiShape(JsonObject result) {
        JsonArray data = new JsonArray();
        JsonArray images = result.getJsonArray("images");
        for (int i = 0; i < images.size(); i++) {
            data.add(new JsonObject().put("b64_json", images.getJsonObject(i).getString("b64_png")));
        }
        return new JsonObject().put("created", result.getLong("created")).put("data", data);
    }
}
