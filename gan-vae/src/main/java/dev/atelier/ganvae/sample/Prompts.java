package dev.atelier.ganvae.sample;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns what a user asks for into a condition row: a prompt (text models), a class (class models).
 * A prompt must not be empty, may be at most {@value #MAX_PROMPT_CHARS} characters, and must share
 * at least one word with the training captions: the sentence encoder would embed anything, but a
 * prompt about nothing the model has seen would yield an arbitrary picture. Words outside the
 * vocabulary are allowed (paraphrases such as "big" for "large" work where the encoder understands
 * them) and reported by {@link #unknownWords}.
 */
public final class Prompts {
    public static final int MAX_PROMPT_CHARS = 1000;

    private Prompts() {
    }

    /** Checks a prompt against the model's vocabulary; returns it trimmed. */
    public static String check(String prompt, List<String> vocabulary) {
        if (prompt == null || prompt.isBlank()) {
            throw AtelierException.invalidArgument("prompt", "the prompt must not be empty");
        }
        if (prompt.length() > MAX_PROMPT_CHARS) {
            throw AtelierException.invalidArgument("prompt", "the prompt may be at most " + MAX_PROMPT_CHARS
                    + " characters, got " + prompt.length());
        }
        if (!vocabulary.isEmpty() && unknownWords(prompt, vocabulary).size() == words(prompt).size()) {
            throw AtelierException.invalidArgument("prompt", "the prompt shares no word with what this model "
                    + "was trained on; it knows: " + String.join(" ", vocabulary));
        }
        return prompt.strip();
    }

    /** The prompt's words that no training caption uses. */
    public static List<String> unknownWords(String prompt, List<String> vocabulary) {
        Set<String> known = Set.copyOf(vocabulary);
        List<String> unknown = new ArrayList<>();
        for (String w : words(prompt)) {
            if (!known.contains(w)) {
                unknown.add(w);
            }
        }
        return unknown;
    }

    static Set<String> words(String prompt) {
        Set<String> out = new TreeSet<>();
        for (String w : prompt.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** A one-hot row for class {@code id} of a class-conditional model. */
    public static float[] classRow(Condition condition, int id) {
        if (condition.kind() != Condition.Kind.CLASS) {
            throw AtelierException.invalidArgument("class", "this generator is not class-conditional");
        }
        if (id < 0 || id >= condition.dimension()) {
            throw AtelierException.invalidArgument("class", "the class must be in [0, " + (condition.dimension() - 1)
                    + "], got " + id);
        }
        float[] row = new float[condition.dimension()];
        row[id] = 1f;
        return row;
    }
}
