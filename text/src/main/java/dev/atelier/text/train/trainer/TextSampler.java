package dev.atelier.text.train.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.atelier.text.tokenizer.Tokenizer;
import dev.atelier.text.train.gpt.Gpt;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws text from the model during training so a person can watch it learn: temperature sampling,
 * the whole window recomputed per token (no cache; samples are short).
 */
public final class TextSampler {

    private TextSampler() {
    }

    public static String sample(Gpt model, Tokenizer tokenizer, String prompt, int newTokens, float temperature,
                                long seed, NDManager manager) {
        int context = model.config().contextLength();
        int[] ids = tokenizer.encode(prompt);
        if (ids.length == 0) {
            ids = new int[] {tokenizer.encode("\n")[0]};
        }
        int[] all = Arrays.copyOf(ids, ids.length + newTokens);
        int n = ids.length;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < newTokens; i++) {
            int from = Math.max(0, n - context);
            long[] window = new long[n - from];
            for (int t = from; t < n; t++) {
                window[t - from] = all[t];
            }
            float[] logits;
            try (NDManager sub = manager.newSubManager()) {
                NDArray out = model.forward(sub.create(window, new Shape(1, window.length)), false);
                logits = out.get(new NDIndex(0, window.length - 1)).toFloatArray();
            }
            all[n++] = draw(logits, temperature, random);
        }
        return tokenizer.decode(Arrays.copyOf(all, n));
    }

    static int draw(float[] logits, float temperature, SplittableRandom random) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            sum += p[i];
        }
        double r = random.nextDouble() * sum;
        for (int i = 0; i < p.length; i++) {
            r -= p[i];
            if (r <= 0) {
                return i;
            }
        }
        return p.length - 1;
    }
}
