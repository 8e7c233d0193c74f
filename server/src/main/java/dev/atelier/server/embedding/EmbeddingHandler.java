package dev.atelier.server.embedding;

import dev.atelier.core.error.AtelierException;
import dev.atelier.server.worker.ModelHandler;
import dev.atelier.server.worker.WorkContext;
import dev.atelier.server.worker.WorkRequest;
import dev.atelier.text.embedding.Embeddings;
import dev.atelier.text.embedding.SentenceEncoder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves a {@link SentenceEncoder} for the {@code text-embedding} task.
 * Request: {@code {"input": "text" | ["text", …]}}. Result:
 * {@code {"model", "dimension", "embeddings": [[…], …], "usage": {"prompt_tokens", "total_tokens"}}}.
 */
public final class EmbeddingHandler implements ModelHandler {
    public static final String TASK = "text-embedding";

    private final SentenceEncoder encoder;

    public EmbeddingHandler(SentenceEncoder encoder) {
        this.encoder = encoder;
    }

    @Override
    public JsonObject handle(WorkRequest request, WorkContext context) {
        List<String> texts = inputs(request.body());
        context.checkCancelled();
        Embeddings result = encoder.embedCounting(texts);
        int tokens = result.tokens();
        JsonArray embeddings = new JsonArray();
        for (float[] v : result.vectors()) {
            JsonArray row = new JsonArray(new ArrayList<>(v.length));
            for (float x : v) {
                row.add(x);
            }
            embeddings.add(row);
        }
        return new JsonObject()
                .put("model", request.model())
                .put("dimension", encoder.dimension())
                .put("embeddings", embeddings)
                .put("usage", new JsonObject().put("prompt_tokens", tokens).put("total_tokens", tokens));
    }

    /** {@code input} as a list of texts: one string, or a non-empty array of strings. */
    static List<String> inputs(JsonObject body) {
        Object input = body.getValue("input");
        if (input instanceof String s) {
            return List.of(s);
        }
        if (input instanceof JsonArray array) {
            if (array.isEmpty()) {
                throw AtelierException.invalidArgument("input", "'input' must not be an empty array");
            }
            if (array.size() > SentenceEncoder.MAX_BATCH_SIZE) {
                throw AtelierException.invalidArgument("input", "'input' may hold at most "
                        + SentenceEncoder.MAX_BATCH_SIZE + " texts, got " + array.size());
            }
            List<String> texts = new ArrayList<>(array.size());
            for (Object item : array) {
                if (!(item instanceof String s)) {
                    throw AtelierException.invalidArgument("input",
                            "'input' must be a string or an array of strings (token arrays are not supported)");
                }
                texts.add(s);
            }
            return texts;
        }
        if (input == null) {
            throw AtelierException.invalidArgument("input", "'input' is required");
        }
        throw AtelierException.invalidArgument("input", "'input' must be a string or an array of strings");
    }

    @Override
    public void close() {
        encoder.close();
    }
}
