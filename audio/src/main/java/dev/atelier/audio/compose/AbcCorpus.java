package dev.atelier.audio.compose;

import dev.atelier.core.error.AtelierException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns ABC tune books into language-model training text: one tune per block, each opening with a
 * conditioning header {@code R:<style>}, {@code M:}, {@code L:}, {@code K:} and then the body, blocks
 * separated by a blank line (the composer's stop signal). Titles, numbers, sources, comments and
 * other annotations are dropped so the model spends its capacity on music. Every tenth tune (in file
 * name order, then book order) is held out for validation.
 */
public final class AbcCorpus {
    /** Tunes {@code i} with {@code i % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1} are held out. */
    public static final int HOLD_OUT_EVERY = 10;

    private static final Pattern FIELD = Pattern.compile("^([A-Za-z]):(.*)$");

    /** One corpus tune: its style, the header the composer prompts with, and its body. */
    public record Tune(String style, String meter, String unitLength, String key, String body) {
        /** The header block, ending with a newline after {@code K:}. */
        public String header() {
            return header(style, meter, unitLength, key);
        }

        /** The tune as training text, ending with the blank line that separates tunes. */
        public String text() {
            return header() + body + "\n\n";
        }

        public static String header(String style, String meter, String unitLength, String key) {
            return "R:" + style + "\nM:" + meter + "\nL:" + unitLength + "\nK:" + key + "\n";
        }
    }

    /** The tunes split into training and held-out sets. */
    public record Split(List<Tune> training, List<Tune> heldOut) {
        public Split {
            training = List.copyOf(training);
            heldOut = List.copyOf(heldOut);
        }

        public static String text(List<Tune> tunes) {
            StringBuilder sb = new StringBuilder();
            tunes.forEach(t -> sb.append(t.text()));
            return sb.toString();
        }
    }

    private AbcCorpus() {
    }

    /**
     * The style a Nottingham book's file name stands for: jigs → jig, reels*.abc → reel, hpps →
     * hornpipe, waltzes → waltz, slip → slipjig, xmas → christmas; other books keep their name.
     */
    public static String styleOf(String fileName) {
        String base = fileName.replaceFirst("\\.abc$", "").toLowerCase(java.util.Locale.ROOT);
        if (base.startsWith("reels")) {
            return "reel";
        }
        return switch (base) {
            case "jigs" -> "jig";
            case "hpps" -> "hornpipe";
            case "waltzes" -> "waltz";
            case "slip" -> "slipjig";
            case "xmas" -> "christmas";
            default -> base.replaceAll("[^a-z0-9]", "");
        };
    }

    /** Reads every {@code *.abc} of {@code folder} (sorted by name) and splits the tunes. */
    public static Split read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw AtelierException.notFound("no ABC folder at " + folder);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".abc")).sorted().toList();
        } catch (IOException e) {
            throw AtelierException.invalidArgument("data", "cannot list " + folder + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw AtelierException.invalidArgument("data", "no .abc files in " + folder);
        }
        List<Tune> all = new ArrayList<>();
        for (Path f : files) {
            try {
                all.addAll(tunes(Files.readString(f, StandardCharsets.ISO_8859_1), styleOf(f.getFileName().toString())));
            } catch (IOException e) {
                throw AtelierException.invalidArgument("data", "cannot read " + f + ": " + e.getMessage());
            }
        }
        return split(all);
    }

    /** Holds out every tenth tune. */
    public static Split split(List<Tune> tunes) {
        List<Tune> training = new ArrayList<>();
        List<Tune> heldOut = new ArrayList<>();
        for (int i = 0; i < tunes.size(); i++) {
            (i % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1 ? heldOut : training).add(tunes.get(i));
        }
        return new Split(training, heldOut);
    }

    /** The tunes of one ABC book (tunes start at {@code X:} lines), all tagged with {@code style}. */
    public static List<Tune> tunes(String book, String style) {
        List<Tune> out = new ArrayList<>();
        String[] lines = book.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            if (!lines[i].startsWith("X:")) {
                i++;
                continue;
            }
            int end = i + 1;
            while (end < lines.length && !lines[end].startsWith("X:")) {
                end++;
            }
            Tune t = tune(lines, i, end, style);
            if (t != null) {
                out.add(t);
            }
            i = end;
        }
        return out;
    }

    /** One tune from lines [from, to), or null when it has no key or no music. */
    private static Tune tune(String[] lines, int from, int to, String style) {
        String meter = null;
        String unit = null;
        String key = null;
        int i = from;
        for (; i < to && key == null; i++) {
            Matcher m = FIELD.matcher(stripComment(lines[i]).strip());
            if (!m.matches()) {
                continue;
            }
            String v = m.group(2).strip();
            switch (m.group(1).charAt(0)) {
                case 'M' -> meter = v;
                case 'L' -> unit = v;
                case 'K' -> key = v;
                default -> { } // titles, sources, notes: not music
            }
        }
        if (key == null || key.isEmpty()) {
            return null;
        }
        if (meter == null || meter.isEmpty()) {
            meter = "none";
        }
        if (unit == null) {
            unit = defaultUnit(meter); // from the header's meter, as a parser reads it
        }
        // Fields before the first music line (the Nottingham books put the real M: after K:)
        // belong to the header, so the prompt's header is what the music follows.
        for (; i < to; i++) {
            String l = stripComment(lines[i]).strip();
            Matcher m = FIELD.matcher(l);
            if (!l.isEmpty() && !m.matches()) {
                break;
            }
            if (l.isEmpty()) {
                continue;
            }
            String v = m.group(2).strip();
            switch (m.group(1).charAt(0)) {
                case 'M' -> meter = v.isEmpty() ? meter : v;
                case 'L' -> unit = v.isEmpty() ? unit : v;
                case 'K' -> key = v.isEmpty() ? key : v;
                default -> { }
            }
        }
        StringBuilder body = new StringBuilder();
        for (; i < to; i++) {
            String l = stripComment(lines[i]).strip();
            if (l.isEmpty()) {
                if (!body.isEmpty()) {
                    break; // a blank line ends the tune
                }
                continue;
            }
            Matcher m = FIELD.matcher(l);
            if (m.matches() && !l.startsWith("|")) {
                char f = m.group(1).charAt(0);
                if (f != 'K' && f != 'M' && f != 'L') {
                    continue; // parts, words, notes: keep only fields that change how notes read
                }
            }
            body.append(l).append('\n');
        }
        if (body.isEmpty()) {
            return null;
        }
        body.setLength(body.length() - 1);
        return new Tune(style, meter, unit, key, body.toString());
    }

    /** ABC's default unit note length: 1/16 below a meter of 3/4, else 1/8. */
    static String defaultUnit(String meter) {
        Matcher m = Pattern.compile("^(\\d+)/(\\d+)$").matcher(meter);
        if (m.matches() && Integer.parseInt(m.group(2)) > 0
                && (double) Integer.parseInt(m.group(1)) / Integer.parseInt(m.group(2)) < 0.75) {
            return "1/16";
        }
        return "1/8";
    }

    private static String stripComment(String line) {
        int p = line.indexOf('%');
        return p < 0 ? line : line.substring(0, p);
    }
}
