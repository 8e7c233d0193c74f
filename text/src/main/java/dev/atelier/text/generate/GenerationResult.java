package dev.atelier.text.generate;

/**
 * What a generation produced.
 *
 * @param text the generated text (stop string and end token excluded)
 * @param promptTokens tokens of the prompt, as the model saw it (chat template and BOS included)
 * @param completionTokens tokens generated
 * @param finishReason why it ended
 */
public record GenerationResult(String text, int promptTokens, int completionTokens, FinishReason finishReason) {
}
