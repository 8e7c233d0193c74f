package dev.atelier.server.text;

import dev.atelier.server.worker.ModelHandler;
import dev.atelier.server.worker.WorkContext;
import dev.atelier.server.worker.WorkRequest;
import io.vertx.core.json.JsonObject;

/**
 * Serves a {@link TextGenerator} for the {@code text-generation} task; this is the text worker's
 * side of the protocol.
 * <ul>
 *   <li>Payload (the work request's body): {@link TextGenerationParams#toPayload()}, already
 *       checked by the gateway.</li>
 *   <li>Streamed parts: {@link TextChunk} {@code {"text": "…"}}, emitted as tokens are generated,
 *       with stop strings held back and cut.</li>
 *   <li>Cancellation: checked before each token is taken, so a caller that disconnects (or a
 *       deadline that passes) stops the engine within one token and frees the worker.</li>
 *   <li>Result: {@link TextResult} {@code {"model", "text", "finish_reason", "usage"}}.</li>
 * </ul>
 */
public final class TextGenerationHandler implements ModelHandler {
    public static final String TASK = "text-generation";

    private final TextGenerator generator;
    private final AutoCloseable resources;

    /**
     * @param resources closed with the worker (the engine's weights), or null
     */
    public TextGenerationHandler(TextGenerator generator, AutoCloseable resources) {
        this.generator = generator;
        this.resources = resources;
    }

    @Override
    public JsonObject handle(WorkRequest request, WorkContext context) throws Exception {
        TextGenerationParams params = TextGenerationParams.fromPayload(request.body());
        StopMatcher stops = new StopMatcher(params.stop());
        StringBuilder text = new StringBuilder();
        context.checkCancelled();
        TextGenerator.Generation generation = generator.generate(params, piece -> {
            context.checkCancelled();
            send(stops.push(piece), text, context);
            return !stops.matched();
        });
        boolean stopped = stops.matched();
        if (!stopped) {
            send(stops.flush(), text, context);
        }
        FinishReason reason = stopped || generation.endOfSequence() ? FinishReason.STOP : FinishReason.LENGTH;
        return new TextResult(request.model(), text.toString(), reason, generation.promptTokens(),
                generation.completionTokens()).toJson();
    }

    private static void send(String piece, StringBuilder text, WorkContext context) {
        if (!piece.isEmpty()) {
            text.append(piece);
            context.emit(new TextChunk(piece).toJson());
        }
    }

    @Override
    public void close() throws Exception {
        if (resources != null) {
            resources.close();
        }
    }
}
