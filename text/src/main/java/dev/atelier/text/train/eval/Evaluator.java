package dev.atelier.text.train.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.error.AtelierException;
import dev.atelier.text.train.gpt.Gpt;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Scores every token of a text after the first with a model: windows of up to the context length
 * slide by {@code stride}; the first window scores all its positions, later ones only the positions
 * no earlier window scored, so each token is predicted exactly once, from at least
 * {@code context − stride} tokens of history (except near the start).
 */
public final class Evaluator {
    private final Gpt model;
    private final int context;
    private final int stride;
    private final int batchSize;

    /** {@code stride} in 1..context: the context length gives plain non-overlapping windows. */
    public Evaluator(Gpt model, int context, int stride, int batchSize) {
        if (context < 1 || context > model.config().contextLength()) {
            throw AtelierException.invalidArgument("context", "context " + context + " is outside 1.."
                    + model.config().contextLength());
        }
        if (stride < 1 || stride > context) {
            throw AtelierException.invalidArgument("stride", "stride " + stride + " is outside 1.." + context);
        }
        if (batchSize < 1) {
            throw AtelierException.invalidArgument("batchSize", "batch size must be positive");
        }
        this.model = model;
        this.context = context;
        this.stride = stride;
        this.batchSize = batchSize;
    }

    private record Window(int begin, int length, int scoreFrom) {
    }

    /**
     * The loss over {@code tokens}; {@code byteLength[id]} is how many UTF-8 bytes token {@code id}
     * decodes to. {@code progress} hears the number of windows done after each batch.
     */
    public HeldOutLoss evaluate(int[] tokens, int[] byteLength, NDManager manager, IntConsumer progress) {
        if (tokens.length < 2) {
            throw AtelierException.invalidArgument("data", "the text has fewer than 2 tokens: nothing to predict");
        }
        List<Window> windows = windows(tokens.length);
        double nats = 0;
        long scored = 0;
        long bytes = 0;
        int done = 0;
        for (int i = 0; i < windows.size(); ) {
            // A batch of windows of one length (only the last window may be shorter).
            int length = windows.get(i).length();
            int j = i;
            while (j < windows.size() && j - i < batchSize && windows.get(j).length() == length) {
                j++;
            }
            int rows = j - i;
            long[] x = new long[rows * length];
            long[] y = new long[rows * length];
            for (int r = 0; r < rows; r++) {
                Window w = windows.get(i + r);
                for (int t = 0; t < length; t++) {
                    x[r * length + t] = tokens[w.begin() + t];
                    y[r * length + t] = tokens[w.begin() + t + 1];
                }
            }
            float[] losses;
            try (NDManager batch = manager.newSubManager()) {
                NDArray in = batch.create(x, new Shape(rows, length));
                NDArray target = batch.create(y, new Shape(rows, length));
                losses = Gpt.crossEntropy(model.forward(in, false), target).toFloatArray();
            }
            for (int r = 0; r < rows; r++) {
                Window w = windows.get(i + r);
                for (int t = w.scoreFrom(); t < length; t++) {
                    nats += losses[r * length + t];
                    bytes += byteLength[(int) y[r * length + t]];
                    scored++;
                }
            }
            done += rows;
            if (progress != null) {
                progress.accept(done);
            }
            i = j;
        }
        return new HeldOutLoss(nats, scored, bytes);
    }

    /** How many windows {@link #evaluate} runs for a text of {@code tokenCount} tokens. */
    public int windowCount(int tokenCount) {
        return windows(tokenCount).size();
    }

    private List<Window> windows(int tokenCount) {
        int targets = tokenCount - 1; // positions 1..n-1 are predicted
        List<Window> windows = new ArrayList<>();
        int scoredUpTo = 0; // targets [0, scoredUpTo) are done
        for (int begin = 0; scoredUpTo < targets; begin += stride) {
            int length = Math.min(context, targets - begin);
            windows.add(new Window(begin, length, scoredUpTo - begin));
            scoredUpTo = begin + length;
        }
        return windows;
    }
}
