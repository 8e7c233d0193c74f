package dev.atelier.vision.caption;

import dev.atelier.vision.clip.WordTokenizer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The captions a grammar can say, as the set of token ids that may follow each prefix: for
 * grammar-constrained decoding, where the decoder may only write a word that keeps its caption a
 * prefix of some sentence of the caption language (and may end only a whole sentence). Built from
 * the sentences themselves (for Shapes: the 2,232 canonical captions of every scene the grammar can
 * describe, plus the ten MNIST captions), so it needs no grammar rules of its own.
 */
final class GrammarPrefixes {
    private final Map<String, BitSet> next = new HashMap<>();

    GrammarPrefixes(List<String> sentences, WordTokenizer tokenizer) {
        for (String sentence : sentences) {
            int[] words = tokenizer.encode(sentence);
            int[] tokens = new int[words.length + 2];
            tokens[0] = WordTokenizer.BOS;
            System.arraycopy(words, 0, tokens, 1, words.length);
            tokens[tokens.length - 1] = WordTokenizer.EOS;
            for (int i = 1; i < tokens.length; i++) {
                next.computeIfAbsent(key(tokens, i), k -> new BitSet()).set(tokens[i]);
            }
        }
    }

    /** The tokens that may follow {@code prefix} (which starts with {@code <bos>}); empty when none may. */
    BitSet allowedAfter(int[] prefix) {
        BitSet allowed = next.get(key(prefix, prefix.length));
        return allowed != null ? allowed : new BitSet();
    }

    private static String key(int[] tokens, int length) {
        return Arrays.toString(Arrays.copyOf(tokens, length));
    }
}
