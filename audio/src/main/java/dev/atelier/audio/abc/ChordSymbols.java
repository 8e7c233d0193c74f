package dev.atelier.audio.abc;

import dev.atelier.audio.score.PitchNames;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads guitar-chord symbols such as {@code G}, {@code Em}, {@code D7}, {@code Bbmaj7},
 * {@code F#m}, {@code Gdim}, {@code A7/c+} into a root, chord tones and a bass note. The Nottingham
 * collection writes a sharp bass as {@code +} ({@code D/f+} is D over F sharp).
 */
public final class ChordSymbols {
    private static final Pattern SYMBOL = Pattern.compile(
            "\\(?([A-Ga-g])([#b]?)(maj7|maj|min7|min|m7b5|m7|m6|m9|m|dim7|dim|aug|sus4|sus2|sus|add9|\\+|7|6|9|11|13|o|)"
                    + "(?:/([A-Ga-g])([#b+]?))?\\)?");
    private static final Map<String, int[]> INTERVALS = Map.ofEntries(
            Map.entry("", new int[] {0, 4, 7}), Map.entry("maj", new int[] {0, 4, 7}),
            Map.entry("m", new int[] {0, 3, 7}), Map.entry("min", new int[] {0, 3, 7}),
            Map.entry("7", new int[] {0, 4, 7, 10}), Map.entry("maj7", new int[] {0, 4, 7, 11}),
            Map.entry("m7", new int[] {0, 3, 7, 10}), Map.entry("min7", new int[] {0, 3, 7, 10}),
            Map.entry("m6", new int[] {0, 3, 7, 9}), Map.entry("6", new int[] {0, 4, 7, 9}),
            Map.entry("m9", new int[] {0, 3, 7, 10, 14}), Map.entry("9", new int[] {0, 4, 7, 10, 14}),
            Map.entry("11", new int[] {0, 4, 7, 10, 17}), Map.entry("13", new int[] {0, 4, 7, 10, 21}),
            Map.entry("dim", new int[] {0, 3, 6}), Map.entry("o", new int[] {0, 3, 6}),
            Map.entry("dim7", new int[] {0, 3, 6, 9}), Map.entry("m7b5", new int[] {0, 3, 6, 10}),
            Map.entry("aug", new int[] {0, 4, 8}), Map.entry("+", new int[] {0, 4, 8}),
            Map.entry("sus4", new int[] {0, 5, 7}), Map.entry("sus", new int[] {0, 5, 7}),
            Map.entry("sus2", new int[] {0, 2, 7}), Map.entry("add9", new int[] {0, 4, 7, 14}));

    /** A parsed chord: root and bass pitch classes, intervals above the root. */
    public record Chord(int root, int[] intervals, int bass) {
    }

    private ChordSymbols() {
    }

    /** The chord, or null when the symbol is not a chord this reader knows. */
    public static Chord parse(String text) {
        Matcher m = SYMBOL.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        int root = PitchNames.pitchClass(m.group(1).toUpperCase() + m.group(2), "chord");
        int bass = root;
        if (m.group(4) != null) {
            String acc = "+".equals(m.group(5)) ? "#" : m.group(5);
            bass = PitchNames.pitchClass(m.group(4).toUpperCase() + acc, "chord");
        }
        return new Chord(root, INTERVALS.get(m.group(3)), bass);
    }
}
