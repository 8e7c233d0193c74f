package dev.atelier.text.bench;

import dev.atelier.core.error.AtelierException;
import dev.atelier.text.gguf.GgufValue;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.tokenizer.ByteLevel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A made-up byte-level BPE vocabulary of an exact size, for random-weight models of real shapes
 * when no real vocabulary is at hand: the 256 byte tokens (GPT-2's byte-to-character mapping), then
 * merges that build letter sequences breadth first ({@code Ġt}, {@code Ġth}, {@code Ġthe}…), so
 * ordinary text encodes to multi-byte tokens as with a real vocabulary; then the special tokens at
 * their ids, and unused padding ({@code [PAD<id>]}) in any gap, as llama.cpp's converter pads.
 *
 * @param tokens the token strings, by id
 * @param types GGUF token types (1 normal, 3 control, 5 unused)
 * @param merges the merge rules by rank, "left right"
 */
public record SyntheticVocabulary(String[] tokens, int[] types, String[] merges) {

    private static final String LETTERS = "etaoinshrdlcumwfgypbvkjxqz";

    /**
     * A vocabulary of {@code size} tokens whose ordinary tokens take ids {@code 0 .. normalCount)}
     * and whose special tokens sit at the given ids (at or after {@code normalCount}).
     */
    public static SyntheticVocabulary create(int size, int normalCount, Map<Integer, String> specials) {
        if (normalCount < 256 || normalCount > size || size > 10_000_000) {
            throw AtelierException.invalidArgument("size", "a byte-level vocabulary needs 256 <= ordinary tokens <= size <= 10M");
        }
        String[] tokens = new String[size];
        int[] types = new int[size];
        Set<String> seen = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            tokens[b] = String.valueOf(ByteLevel.charOf(b));
            types[b] = 1;
            seen.add(tokens[b]);
        }
        List<String> merges = new ArrayList<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        queue.add(String.valueOf(ByteLevel.charOf(' ')));
        for (char c : LETTERS.toCharArray()) {
            queue.add(String.valueOf(c));
        }
        int next = 256;
        while (next < normalCount) {
            String left = queue.poll();
            for (int i = 0; i < LETTERS.length() && next < normalCount; i++) {
                String right = String.valueOf(LETTERS.charAt(i));
                String merged = left + right;
                if (seen.add(merged)) {
                    tokens[next] = merged;
                    types[next++] = 1;
                    merges.add(left + " " + right);
                    queue.add(merged);
                }
            }
        }
        for (Map.Entry<Integer, String> e : specials.entrySet()) {
            int id = e.getKey();
            if (id < normalCount || id >= size) {
                throw AtelierException.invalidArgument("specials", "special token id " + id + " is outside "
                        + normalCount + ".." + (size - 1));
            }
            tokens[id] = e.getValue();
            types[id] = 3;
        }
        for (int id = normalCount; id < size; id++) {
            if (tokens[id] == null) {
                tokens[id] = "[PAD" + id + "]";
                types[id] = 5;
            }
        }
        return new SyntheticVocabulary(tokens, types, merges.toArray(String[]::new));
    }

    /** Puts {@code tokenizer.ggml.*} entries for this vocabulary (model "gpt2", the given pre-tokenizer). */
    public void putInto(GgufWriter w, String pre, int bos, int eos) {
        w.putString("tokenizer.ggml.model", "gpt2");
        w.putString("tokenizer.ggml.pre", pre);
        w.put("tokenizer.ggml.tokens", GgufValue.stringArray(tokens));
        w.put("tokenizer.ggml.token_type", GgufValue.int32Array(types));
        w.put("tokenizer.ggml.merges", GgufValue.stringArray(merges));
        w.putUInt32("tokenizer.ggml.bos_token_id", bos);
        w.putUInt32("tokenizer.ggml.eos_token_id", eos);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyntheticVocabulary v && Arrays.equals(tokens, v.tokens) && Arrays.equals(types, v.types)
                && Arrays.equals(merges, v.merges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tokens) * 31 + Arrays.hashCode(merges);
    }

    @Override
    public String toString() {
        return "SyntheticVocabulary[" + tokens.length + " tokens, " + merges.length + " merges]";
    }
}
