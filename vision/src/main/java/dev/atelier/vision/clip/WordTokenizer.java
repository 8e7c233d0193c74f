package dev.atelier.vision.clip;

import dev.atelier.core.error.AtelierException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A word-level vocabulary for the Shapes and MNIST caption grammar (plus the words of the prompt
 * templates). Lower-cases, splits on blanks, keeps a comma as its own token and drops full stops;
 * unknown words become {@code <unk>}. Ids 0 to 3 are {@code <pad> <unk> <bos> <eos>}.
 */
public final class WordTokenizer {

    public static final int PAD = 0;
    public static final int UNK = 1;
    public static final int BOS = 2;
    public static final int EOS = 3;
    public static final String FILE_NAME = "vocab.txt";

    /** Every word of the grammars; the order fixes the ids of models trained with it. */
    private static final List<String> DEFAULT_WORDS = List.of(
            "<pad>", "<unk>", "<bos>", "<eos>",
            "a", "an", "the", "of", "to", "that", "is", ",",
            "small", "large", "red", "green", "blue", "yellow", "circle", "square", "triangle",
            "left", "right", "above", "over", "below", "beneath",
            "handwritten", "digit", "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "photo", "picture", "image", "drawing", "shape", "object", "number", "scene", "with", "and", "in");

    private final List<String> words;
    private final Map<String, Integer> ids = new HashMap<>();

    private WordTokenizer(List<String> words) {
        this.words = List.copyOf(words);
        for (int i = 0; i < this.words.size(); i++) {
            ids.put(this.words.get(i), i);
        }
    }

    public static WordTokenizer defaults() {
        return new WordTokenizer(DEFAULT_WORDS);
    }

    public int size() {
        return words.size();
    }

    public String word(int id) {
        return words.get(id);
    }

    /** The ids of {@code text}'s words, without {@code <bos>} or {@code <eos>}. */
    public int[] encode(String text) {
        if (text == null) {
            throw AtelierException.invalidArgument("text", "text is missing (null)");
        }
        String spaced = text.toLowerCase(Locale.ROOT).replace(",", " , ").replace(".", " ");
        List<Integer> out = new ArrayList<>();
        for (String w : spaced.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(ids.getOrDefault(w, UNK));
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Words joined by blanks, with no blank before a comma; specials are skipped. */
    public String decode(int[] tokens) {
        StringBuilder sb = new StringBuilder();
        for (int t : tokens) {
            if (t <= EOS || t >= words.size()) {
                continue;
            }
            String w = words.get(t);
            if (!sb.isEmpty() && !w.equals(",")) {
                sb.append(' ');
            }
            sb.append(w);
        }
        return sb.toString();
    }

    public void write(Path folder) throws IOException {
        Files.write(folder.resolve(FILE_NAME), words, StandardCharsets.UTF_8);
    }

    public static WordTokenizer read(Path folder) {
        try {
            List<String> words = Files.readAllLines(folder.resolve(FILE_NAME), StandardCharsets.UTF_8);
            if (words.size() < 4 || !words.get(PAD).equals("<pad>") || !words.get(EOS).equals("<eos>")) {
                throw AtelierException.unavailable("vocabulary " + FILE_NAME + " does not start with the special tokens");
            }
            return new WordTokenizer(words);
        } catch (IOException e) {
            throw AtelierException.unavailable("cannot read " + FILE_NAME + ": " + e.getMessage());
        }
    }
}
