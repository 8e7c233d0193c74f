package dev.atelier.text.train.bpe;

import dev.atelier.core.error.AtelierException;
import dev.atelier.text.tokenizer.PreTokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns a byte-level BPE vocabulary the way GPT-2's was made: the text is split into words by
 * GPT-2's pre-tokenizer regex, every word starts as its UTF-8 bytes (all 256 bytes are in the
 * vocabulary, so any text can be encoded), and the most frequent adjacent pair of tokens is merged
 * into a new token until the vocabulary reaches the requested size. One special token,
 * {@value BpeVocabulary#END_OF_TEXT}, comes last.
 *
 * <p>Ties between equally frequent pairs go to the pair whose token strings sort first, so the
 * same text always gives the same vocabulary. A vocabulary size of 257 gives the plain byte-level
 * tokenizer (no merges), the character-level option for tiny experiments.
 */
public final class BpeTrainer {
    /** The 256 bytes plus the end-of-text token. */
    public static final int MIN_VOCABULARY = 257;
    public static final int MAX_VOCABULARY = 1 << 20;

    private final int vocabularySize;

    public BpeTrainer(int vocabularySize) {
        if (vocabularySize < MIN_VOCABULARY || vocabularySize > MAX_VOCABULARY) {
            throw AtelierException.invalidArgument("vocabularySize", "vocabulary size " + vocabularySize
                    + " is outside " + MIN_VOCABULARY + ".." + MAX_VOCABULARY + " (256 bytes + end-of-text + merges)");
        }
        this.vocabularySize = vocabularySize;
    }

    /** Learns the merges from {@code text}; stops early when no pair occurs twice. */
    public BpeVocabulary train(String text) {
        List<String> tokens = new ArrayList<>(vocabularySize);
        Map<String, Integer> ids = new HashMap<>();
        for (int b = 0; b < 256; b++) {
            String s = String.valueOf(ByteAlphabet.charOf(b));
            ids.put(s, tokens.size());
            tokens.add(s);
        }

        // Distinct words with their counts, each as a sequence of token ids.
        Map<String, Integer> counts = new HashMap<>();
        for (String word : PreTokenizer.of(PreTokenizer.GPT2).split(text)) {
            counts.merge(ByteAlphabet.encode(word), 1, Integer::sum);
        }
        List<int[]> words = new ArrayList<>(counts.size());
        int[] freq = new int[counts.size()];
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            String w = e.getKey();
            int[] symbols = new int[w.length()];
            for (int i = 0; i < symbols.length; i++) {
                symbols[i] = ids.get(String.valueOf(w.charAt(i)));
            }
            freq[words.size()] = e.getValue();
            words.add(symbols);
        }

        List<String[]> merges = new ArrayList<>();
        int[] lengths = words.stream().mapToInt(w -> w.length).toArray();
        while (tokens.size() < vocabularySize - 1) {
            Map<Long, Long> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                int[] s = words.get(w);
                for (int i = 0; i + 1 < lengths[w]; i++) {
                    pairs.merge(pair(s[i], s[i + 1]), (long) freq[w], Long::sum);
                }
            }
            long bestPair = -1;
            long bestCount = 1; // a pair seen once teaches nothing
            for (Map.Entry<Long, Long> e : pairs.entrySet()) {
                long c = e.getValue();
                if (c > bestCount || (c == bestCount && bestPair >= 0 && sortsBefore(e.getKey(), bestPair, tokens))) {
                    bestCount = c;
                    bestPair = e.getKey();
                }
            }
            if (bestPair < 0) {
                break;
            }
            int a = (int) (bestPair >>> 32);
            int b = (int) bestPair;
            String merged = tokens.get(a) + tokens.get(b);
            // Two different pairs can spell the same string ("a"+"bc", "ab"+"c"): one token for both.
            Integer id = ids.get(merged);
            if (id == null) {
                id = tokens.size();
                ids.put(merged, id);
                tokens.add(merged);
            }
            merges.add(new String[] {tokens.get(a), tokens.get(b)});
            for (int w = 0; w < words.size(); w++) {
                lengths[w] = replace(words.get(w), lengths[w], a, b, id);
            }
        }
        return new BpeVocabulary(tokens, merges);
    }

    private static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    private static boolean sortsBefore(long p, long q, List<String> tokens) {
        int c = tokens.get((int) (p >>> 32)).compareTo(tokens.get((int) (q >>> 32)));
        return c != 0 ? c < 0 : tokens.get((int) p).compareTo(tokens.get((int) q)) < 0;
    }

    /** Replaces each non-overlapping (a, b) by {@code merged}, left to right; returns the new length. */
    private static int replace(int[] s, int n, int a, int b, int merged) {
        int out = 0;
        for (int i = 0; i < n; i++) {
            if (i + 1 < n && s[i] == a && s[i + 1] == b) {
                s[out++] = merged;
                i++;
            } else {
                s[out++] = s[i];
            }
        }
        return out;
    }
}
