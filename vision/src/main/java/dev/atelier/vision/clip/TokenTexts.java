package dev.atelier.vision.clip;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Inputs of the scratch transformer tower: word ids padded to {@code maxTokens} (longer texts are
 * cut there) and the mask of real tokens. An empty text reads as one {@code <unk>}.
 */
public final class TokenTexts implements TextInputs {

    private final WordTokenizer tokenizer;
    private final int maxTokens;

    public TokenTexts(WordTokenizer tokenizer, int maxTokens) {
        this.tokenizer = tokenizer;
        this.maxTokens = maxTokens;
    }

    @Override
    public NDList encode(NDManager manager, List<String> texts) {
        int n = texts.size();
        int[] ids = new int[n * maxTokens];
        float[] keep = new float[n * maxTokens];
        for (int i = 0; i < n; i++) {
            int[] tokens = tokenizer.encode(texts.get(i));
            if (tokens.length == 0) {
                tokens = new int[] {WordTokenizer.UNK};
            }
            int len = Math.min(tokens.length, maxTokens);
            for (int j = 0; j < len; j++) {
                ids[i * maxTokens + j] = tokens[j];
                keep[i * maxTokens + j] = 1;
            }
        }
        return new NDList(manager.create(ids, new Shape(n, maxTokens)), manager.create(keep, new Shape(n, maxTokens)));
    }
}
