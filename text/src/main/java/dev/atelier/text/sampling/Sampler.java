package dev.atelier.text.sampling;

import dev.atelier.core.error.AtelierException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks tokens from logits: penalties over the recent tokens, then greedy, or top-k, top-p and
 * min-p cuts on the probabilities followed by a draw from the survivors at the temperature (the
 * order llama.cpp applies them). One sampler per generation stream; not thread-safe.
 */
public final class Sampler {

    /** Logits this far below the maximum have probabilities under e^-30 and never survive a cut. */
    private static final float NEGLIGIBLE = 30f;

    private final SamplingParams p;
    private final SplittableRandom random;

    public Sampler(SamplingParams params) {
        this.p = params;
        this.random = new SplittableRandom(params.seed());
    }

    /**
     * The next token for {@code logits} (modified in place by the penalties), given the
     * {@code historyLength} tokens so far in {@code history}.
     */
    public int sample(float[] logits, int[] history, int historyLength) {
        applyPenalties(logits, history, historyLength);
        int best = argmax(logits);
        if (!Float.isFinite(logits[best])) {
            throw AtelierException.unavailable("the model produced no finite logits (are its weights corrupt?)");
        }
        if (p.temperature() == 0f) {
            return best;
        }
        int n = logits.length;
        float max = logits[best];
        float floor = max - NEGLIGIBLE * Math.max(1f, p.temperature());
        // Candidates sorted by logit, descending: keys pack the logit's order-preserving bits and the id.
        long[] keys = new long[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (logits[i] >= floor && logits[i] <= max) {
                keys[count++] = ((long) sortable(logits[i]) << 32) | i;
            }
        }
        keys = Arrays.copyOf(keys, count);
        Arrays.sort(keys);
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = (int) keys[count - 1 - i];
        }
        int keep = count;
        if (p.topK() > 0) {
            keep = Math.min(keep, p.topK());
        }
        // Cuts on the untempered distribution.
        double[] prob = new double[keep];
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            prob[i] = Math.exp(logits[ids[i]] - max);
            sum += prob[i];
        }
        if (p.topP() < 1f) {
            double cumulative = 0;
            for (int i = 0; i < keep; i++) {
                cumulative += prob[i] / sum;
                if (cumulative >= p.topP()) {
                    keep = i + 1;
                    break;
                }
            }
        }
        if (p.minP() > 0f) {
            double threshold = p.minP() * prob[0];
            int i = 1;
            while (i < keep && prob[i] >= threshold) {
                i++;
            }
            keep = i;
        }
        // The draw at the temperature.
        double[] weight = new double[keep];
        double total = 0;
        for (int i = 0; i < keep; i++) {
            weight[i] = Math.exp((logits[ids[i]] - max) / p.temperature());
            total += weight[i];
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < keep; i++) {
            r -= weight[i];
            if (r < 0) {
                return ids[i];
            }
        }
        return ids[keep - 1];
    }

    private void applyPenalties(float[] logits, int[] history, int historyLength) {
        boolean repetition = p.repetitionPenalty() != 1f;
        boolean additive = p.presencePenalty() != 0f || p.frequencyPenalty() != 0f;
        if ((!repetition && !additive) || p.repeatLastN() == 0 || historyLength == 0) {
            return;
        }
        int from = Math.max(0, historyLength - p.repeatLastN());
        int[] window = Arrays.copyOfRange(history, from, historyLength);
        Arrays.sort(window);
        for (int i = 0; i < window.length; ) {
            int token = window[i];
            int j = i;
            while (j < window.length && window[j] == token) {
                j++;
            }
            int occurrences = j - i;
            if (token >= 0 && token < logits.length) {
                float l = logits[token];
                if (repetition) {
                    l = l > 0 ? l / p.repetitionPenalty() : l * p.repetitionPenalty();
                }
                logits[token] = l - occurrences * p.frequencyPenalty() - p.presencePenalty();
            }
            i = j;
        }
    }

    /** Index of the largest finite value (NaN and infinities are skipped); 0 when there is none. */
    static int argmax(float[] v) {
        int best = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length; i++) {
            if (v[i] > max && v[i] != Float.POSITIVE_INFINITY) {
                max = v[i];
                best = i;
            }
        }
        return best;
    }

    // Maps a float to an int whose signed order is the float's order.
    private static int sortable(float f) {
        int bits = Float.floatToIntBits(f);
        return bits >= 0 ? bits : bits ^ 0x7FFF_FFFF;
    }
}
