package dev.atelier.text.train.trainer;

import dev.atelier.core.error.AtelierException;
import java.util.SplittableRandom;

/**
 * Training windows drawn at random from a token sequence. The windows of a step depend only on the
 * seed and the step number, never on what ran before, so a resumed run sees exactly the batches
 * an uninterrupted one would.
 */
public final class Batches {
    private final int[] tokens;
    private final int context;
    private final long seed;

    public Batches(int[] tokens, int context, long seed) {
        if (tokens.length < context + 1) {
            throw AtelierException.invalidArgument("data", "the training text has " + tokens.length
                    + " tokens, fewer than one context window of " + context + " plus the token to predict");
        }
        this.tokens = tokens;
        this.context = context;
        this.seed = seed;
    }

    /** One batch: inputs and next-token targets, each [batch × context] row-major. */
    public record Batch(long[] inputs, long[] targets, int batchSize, int context) {
    }

    /** The {@code micro}-th micro-batch of optimizer step {@code step}. */
    public Batch batch(int step, int micro, int batchSize) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step * 1_000_003L + micro);
        long[] x = new long[batchSize * context];
        long[] y = new long[batchSize * context];
        int starts = tokens.length - context; // a window needs context + 1 tokens
        for (int b = 0; b < batchSize; b++) {
            int start = random.nextInt(starts);
            for (int t = 0; t < context; t++) {
                x[b * context + t] = tokens[start + t];
                y[b * context + t] = tokens[start + t + 1];
            }
        }
        return new Batch(x, y, batchSize, context);
    }
}
