package dev.atelier.text.train.eval;

import ai.djl.ndarray.NDManager;
import dev.atelier.text.tokenizer.Tokenizer;
import java.util.function.IntConsumer;

/** Scores a text with a loaded model: tokenizes it with the model's tokenizer and runs the {@link Evaluator}. */
public final class TextEvaluation {

    private TextEvaluation() {
    }

    /** Bytes per token id, the weights of bits per byte. */
    public static int[] byteLengths(Tokenizer tokenizer) {
        int[] lengths = new int[tokenizer.vocabularySize()];
        for (int id = 0; id < lengths.length; id++) {
            lengths[id] = tokenizer.tokenBytes(id).length;
        }
        return lengths;
    }

    public static HeldOutLoss evaluate(GgufGpt loaded, String text, int stride, int batchSize, NDManager manager,
                                       IntConsumer progress) {
        int[] tokens = loaded.tokenizer().encode(text);
        int context = loaded.model().config().contextLength();
        return new Evaluator(loaded.model(), context, stride, batchSize)
                .evaluate(tokens, byteLengths(loaded.tokenizer()), manager, progress);
    }
}
