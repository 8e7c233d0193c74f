package dev.atelier.audio.compose;

import dev.atelier.core.error.AtelierException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The styles the Nottingham corpus teaches ({@link AbcCorpus#styleOf}), each with the meter and
 * unit note length most of its tunes use, which the composer puts in the prompt's header.
 */
public enum Style {
    JIG("jig", "6/8", "1/8"),
    REEL("reel", "4/4", "1/4"),
    HORNPIPE("hornpipe", "4/4", "1/8"),
    WALTZ("waltz", "3/4", "1/4"),
    SLIPJIG("slipjig", "9/8", "1/8"),
    MORRIS("morris", "4/4", "1/4"),
    PLAYFORD("playford", "4/4", "1/4"),
    ASHOVER("ashover", "6/8", "1/8"),
    CHRISTMAS("christmas", "4/4", "1/4");

    /** Keys with at least ten tunes in the corpus: the model has seen enough of each. */
    public static final List<String> KEYS = List.of("G", "D", "A", "C", "Am", "Em", "F", "Dm", "Bb", "Gm");

    private final String tag;
    private final String meter;
    private final String unitLength;

    Style(String tag, String meter, String unitLength) {
        this.tag = tag;
        this.meter = meter;
        this.unitLength = unitLength;
    }

    /** The {@code R:} value in the corpus and on the command line. */
    public String tag() {
        return tag;
    }

    public String meter() {
        return meter;
    }

    public String unitLength() {
        return unitLength;
    }

    /** The style named {@code name} (case-insensitive); an unknown name lists the known ones. */
    public static Style named(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace(" ", "").replace("-", "");
        for (Style s : values()) {
            if (s.tag.equals(n)) {
                return s;
            }
        }
        throw AtelierException.invalidArgument("style", "unknown style " + AtelierException.quote(String.valueOf(name))
                + "; known styles: " + Arrays.stream(values()).map(Style::tag).collect(Collectors.joining(", ")));
    }

    /** The key spelled as the corpus spells it ({@code g} → {@code G}, {@code em} → {@code Em}); unknown keys list the known ones. */
    public static String key(String name) {
        String n = name == null ? "" : name.strip();
        for (String k : KEYS) {
            if (k.equalsIgnoreCase(n)) {
                return k;
            }
        }
        throw AtelierException.invalidArgument("key", "unknown key " + AtelierException.quote(String.valueOf(name))
                + "; known keys: " + String.join(", ", KEYS));
    }
}
