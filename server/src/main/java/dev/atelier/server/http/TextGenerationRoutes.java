package dev.atelier.server.http;

import dev.atelier.core.error.AtelierException;
import dev.atelier.server.routing.ModelPool;
import dev.atelier.server.text.TextGenerationHandler;
import dev.atelier.server.text.TextGenerationParams;
import dev.atelier.server.text.TextGenerationParams.Input;
import dev.atelier.server.text.TextResult;
import dev.atelier.server.worker.WorkRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The text-generation routes, all over the {@code text-generation} task
 * ({@link TextGenerationHandler} describes the worker's side):
 * <ul>
 *   <li>{@code POST /api/v1/text-generation}: native; {@code prompt} or {@code messages}; the
 *       result {@code {model, text, finish_reason, usage}}, or with {@code "stream": true} events
 *       {@code {"text": …}} per piece, the result, {@code [DONE]};</li>
 *   <li>{@code POST /v1/completions} and {@code POST /v1/chat/completions}: OpenAI's shapes, streamed
 *       as {@code text_completion} / {@code chat.completion.chunk} events ending with
 *       {@code data: [DONE]}, with a usage chunk when {@code stream_options.include_usage}.</li>
 * </ul>
 * Every request's parameters are checked here ({@link TextGenerationParams}) against the gateway's
 * generation-length limit before a worker sees them.
 */
final class TextGenerationRoutes {
    static final String TASK = TextGenerationHandler.TASK;

    private final TaskEndpoint tasks;
    private final int maxTokensLimit;

    TextGenerationRoutes(TaskEndpoint tasks, int maxTokensLimit) {
        this.tasks = tasks;
        this.maxTokensLimit = maxTokensLimit;
    }

    void nativeRoute(RoutingContext ctx) {
        JsonObject body = JsonArgs.parseObject(ctx.body().buffer());
        ModelPool pool = tasks.pool(body, TASK);
        TextGenerationParams params = TextGenerationParams.fromRequest(body, Input.EITHER, maxTokensLimit);
        boolean stream = JsonArgs.optBoolean(body, "stream", false);
        WorkRequest request = TaskEndpoint.request(pool, TASK, params.toPayload(), stream);
        if (stream) {
            tasks.streamed(ctx, pool, request, TaskEndpoint.NATIVE_STREAM);
        } else {
            tasks.call(ctx, pool, request).onSuccess(ctx::json).onFailure(ctx::fail);
        }
    }

    void completions(RoutingContext ctx) {
        openAi(ctx, false);
    }

    void chatCompletions(RoutingContext ctx) {
        openAi(ctx, true);
    }

    private void openAi(RoutingContext ctx, boolean chat) {
        JsonObject body = JsonArgs.parseObject(ctx.body().buffer());
        ModelPool pool = tasks.pool(body, TASK);
        TextGenerationParams params = TextGenerationParams.fromRequest(body, chat ? Input.MESSAGES : Input.PROMPT,
                maxTokensLimit);
        boolean stream = JsonArgs.optBoolean(body, "stream", false);
        boolean includeUsage = includeUsage(body, stream);
        WorkRequest request = TaskEndpoint.request(pool, TASK, params.toPayload(), stream);
        OpenAiText shape = new OpenAiText(chat, (chat ? "chatcmpl-" : "cmpl-") + request.id().replace("-", ""),
                System.currentTimeMillis() / 1000, pool.model(), includeUsage);
        if (stream) {
            tasks.streamed(ctx, pool, request, shape);
        } else {
            tasks.call(ctx, pool, request)
                    .map(result -> shape.completion(TextResult.fromJson(result)))
                    .onSuccess(ctx::json)
                    .onFailure(ctx::fail);
        }
    }

    private static boolean includeUsage(JsonObject body, boolean stream) {
        Object options = body.getValue("stream_options");
        if (options == null) {
            return false;
        }
        if (!(options instanceof JsonObject o)) {
            throw AtelierException.invalidArgument("stream_options", "'stream_options' must be an object");
        }
        if (!stream) {
            throw AtelierException.invalidArgument("stream_options", "'stream_options' needs \"stream\": true");
        }
        return JsonArgs.optBoolean(o, "include_usage", false);
    }

    /** OpenAI's completion and chunk objects for one request. */
    private record OpenAiText(boolean chat, String id, long created, String model, boolean includeUsage)
            implements TaskEndpoint.StreamFormat {

        JsonObject completion(TextResult result) {
            JsonObject choice = new JsonObject().put("index", 0);
            if (chat) {
                choice.put("message", new JsonObject().put("role", "assistant").put("content", result.text())
                        .putNull("refusal"));
            } else {
                choice.put("text", result.text());
            }
            choice.putNull("logprobs").put("finish_reason", result.finishReason().wire());
            return envelope(false).put("choices", new JsonArray().add(choice)).put("usage", result.usage());
        }

        @Override
        public void part(SseStream sse, JsonObject part) {
            String text = part.getString("text");
            if (text == null) {
                return; // not a text chunk (e.g. a progress event): nothing in OpenAI's shape carries it
            }
            sse.event(chunk(text, null, !sse.started()));
        }

        @Override
        public void result(SseStream sse, JsonObject json) {
            TextResult result = TextResult.fromJson(json);
            sse.event(chunk("", result.finishReason().wire(), !sse.started()));
            if (includeUsage) {
                sse.event(envelope(true).put("choices", new JsonArray()).put("usage", result.usage()));
            }
        }

        private JsonObject chunk(String text, String finishReason, boolean first) {
            JsonObject choice = new JsonObject().put("index", 0);
            if (chat) {
                JsonObject delta = new JsonObject();
                if (first) {
                    delta.put("role", "assistant"); // the role comes once, with the first chunk
                }
                if (finishReason == null) {
                    delta.put("content", text);
                }
                choice.put("delta", delta);
            } else {
                choice.put("text", text);
            }
            choice.putNull("logprobs").put("finish_reason", finishReason);
            return envelope(true).put("choices", new JsonArray().add(choice));
        }

        private JsonObject envelope(boolean streamed) {
            String object = chat ? (streamed ? "chat.completion.chunk" : "chat.completion") : "text_completion";
            return new JsonObject().put("id", id).put("object", object).put("created", created).put("model", model);
        }
    }
}
