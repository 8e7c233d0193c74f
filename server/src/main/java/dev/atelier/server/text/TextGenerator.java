package dev.atelier.server.text;

/**
 * The contract between the gateway and a text engine: what a text worker's model implements (the
 * engine-backed one lives with the engine's binding), wrapped by {@link TextGenerationHandler},
 * which does the serving around it: parsing the payload, stop strings, streaming, cancellation,
 * the final result.
 */
@FunctionalInterface
public interface TextGenerator {

    /**
     * Generates a continuation of {@code params.prompt()}, or the assistant's answer to
     * {@code params.messages()} (rendered with the model's chat template), sampling with the
     * params' settings, one token at a time. Each token's decoded text goes to {@code sink} as soon
     * as it exists (an empty string is fine while a multi-byte character is incomplete). Generation
     * ends at the end-of-sequence token, after {@code params.maxTokens()} tokens, or as soon as the
     * sink returns false. The sink throws {@link dev.atelier.core.error.AtelierException}
     * ({@code CANCELLED}, {@code DEADLINE_EXCEEDED}) when the caller has gone: let it propagate.
     *
     * @return how many prompt and generated tokens there were, and whether the model ended the text itself
     */
    Generation generate(TextGenerationParams params, TokenSink sink) throws Exception;

    /** Receives each generated token's text; returns false to stop the generation now. */
    @FunctionalInterface
    interface TokenSink {
        boolean accept(String piece);
    }

    /** What a generation consumed and produced. */
    record Generation(int promptTokens, int completionTokens, boolean endOfSequence) {
        public Generation {
            if (promptTokens < 0 || completionTokens < 0) {
                throw new IllegalArgumentException("token counts must not be negative");
            }
        }
    }
}
