package dev.atelier.server.text;

import dev.atelier.text.generate.BatchingGenerator;
import dev.atelier.text.generate.GenerationRequest;
import dev.atelier.text.generate.GenerationResult;
import dev.atelier.text.generate.FinishReason;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gateway's {@link dev.atelier.server.text.TextGenerator} contract served by the pure-Java
 * engine through continuous batching ({@link BatchingGenerator}): a worker's concurrent requests
 * share one decode step, so the weights are read once per token for all of them. Stop strings are left to {@link TextGenerationHandler} (it holds
 * them back across pieces); the engine only samples, streams and stops when told.
 */
public final class EngineTextGenerator implements dev.atelier.server.text.TextGenerator {

    /** How far back repetition, presence and frequency penalties look (llama.cpp's default). */
    static final int PENALTY_WINDOW = 64;

    private final BatchingGenerator engine;

    public EngineTextGenerator(BatchingGenerator engine) {
        this.engine = engine;
    }

    @Override
    public Generation generate(TextGenerationParams params, TokenSink sink) {
        AtomicBoolean stop = new AtomicBoolean();
        GenerationResult result = engine.generate(request(params, stop::get), piece -> {
            // Runs on the batch's scheduler thread. The sink throws when the caller has gone (cancelled,
            // deadline): that ends this stream (the others in the batch go on), and generate() rethrows it.
            if (!stop.get() && !sink.accept(piece)) {
                stop.set(true);
            }
        });
        return new Generation(result.promptTokens(), result.completionTokens(),
                result.finishReason() == FinishReason.STOP);
    }

    /** Maps the gateway's checked parameters onto the engine's request. */
    static GenerationRequest request(TextGenerationParams p, java.util.function.BooleanSupplier cancel) {
        GenerationRequest.Builder b = GenerationRequest.builder();
        if (p.chat()) {
            b.setMessages(p.messages());
        } else {
            b.setPrompt(p.prompt());
        }
        b.optMaxTokens(p.maxTokens())
                .optTopK(p.topK())
                .optMinP((float) p.minP())
                .optRepetitionPenalty((float) p.repetitionPenalty(), PENALTY_WINDOW)
                .optPresencePenalty((float) p.presencePenalty())
                .optFrequencyPenalty((float) p.frequencyPenalty())
                .optCancel(cancel);
        if (p.temperature() == 0 || p.topP() == 0) {
            b.optGreedy(); // OpenAI's temperature 0 and top_p 0 both mean "the most likely token"
        } else {
            b.optTemperature((float) p.temperature()).optTopP((float) p.topP());
        }
        if (p.seed() != null) {
            b.optSeed(p.seed());
        }
        return b.build();
    }
}
