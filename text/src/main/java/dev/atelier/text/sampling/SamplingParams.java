package dev.atelier.text.sampling;

import dev.atelier.core.error.AtelierException;

/**
 * How the next token is chosen from the logits, with llama.cpp's meanings.
 *
 * @param temperature divides the logits before sampling; 0 picks the most likely token (greedy)
 * @param topK keep only the k most likely tokens (0: all)
 * @param topP keep the smallest set of most likely tokens whose probability reaches p (1: all)
 * @param minP drop tokens less likely than minP × the most likely one (0: none)
 * @param repetitionPenalty divides positive (multiplies negative) logits of tokens among the last
 *     {@code repeatLastN} (1: off)
 * @param repeatLastN how many recent tokens the penalties look at
 * @param presencePenalty subtracted once from the logit of every token seen in that window
 * @param frequencyPenalty subtracted from a token's logit per occurrence in that window
 * @param seed seeds the random choice: the same seed, prompt and parameters give the same text
 */
public record SamplingParams(float temperature, int topK, float topP, float minP, float repetitionPenalty,
        int repeatLastN, float presencePenalty, float frequencyPenalty, long seed) {

    public SamplingParams {
        check(Float.isFinite(temperature) && temperature >= 0 && temperature <= 100, "temperature", "0..100", temperature);
        check(topK >= 0, "top_k", "0 or more", topK);
        check(topP > 0 && topP <= 1, "top_p", "(0, 1]", topP);
        check(minP >= 0 && minP <= 1, "min_p", "[0, 1]", minP);
        check(Float.isFinite(repetitionPenalty) && repetitionPenalty > 0 && repetitionPenalty <= 10,
                "repetition_penalty", "(0, 10]", repetitionPenalty);
        check(repeatLastN >= 0, "repeat_last_n", "0 or more", repeatLastN);
        check(Float.isFinite(presencePenalty) && Math.abs(presencePenalty) <= 10, "presence_penalty", "[-10, 10]", presencePenalty);
        check(Float.isFinite(frequencyPenalty) && Math.abs(frequencyPenalty) <= 10, "frequency_penalty", "[-10, 10]", frequencyPenalty);
    }

    /** Greedy decoding: always the most likely token, no penalties. */
    public static SamplingParams greedy() {
        return new SamplingParams(0f, 0, 1f, 0f, 1f, 64, 0f, 0f, 0L);
    }

    /** llama.cpp's defaults: temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, no penalties. */
    public static SamplingParams defaults(long seed) {
        return new SamplingParams(0.8f, 40, 0.95f, 0.05f, 1f, 64, 0f, 0f, seed);
    }

    private static void check(boolean ok, String name, String range, Object value) {
        if (!ok) {
            throw AtelierException.invalidArgument(name, name + " must be in " + range + ", got " + value);
        }
    }
}
