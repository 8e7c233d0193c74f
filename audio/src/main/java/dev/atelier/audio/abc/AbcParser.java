package dev.atelier.audio.abc;

import dev.atelier.audio.abc.AbcElement.Bar;
import dev.atelier.audio.abc.AbcElement.ChordSymbol;
import dev.atelier.audio.abc.AbcElement.Ending;
import dev.atelier.audio.abc.AbcElement.Rest;
import dev.atelier.audio.abc.AbcElement.Tempo;
import dev.atelier.audio.abc.AbcElement.Tone;
import dev.atelier.audio.abc.AbcTune.BarLength;
import dev.atelier.core.error.AtelierException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ABC notation (the 2.1 standard's melody subset, as folk collections such as the
 * Nottingham Music Database use it) into {@link AbcTune}s. Headers: X, T, M, L, Q, K (with modes),
 * P (parts, read and played in written order); body: notes with accidentals and octave marks,
 * lengths ({@code 3/2}, {@code /}, {@code //}), broken rhythm ({@code > <}), ties, rests, chords in
 * brackets, chord symbols in quotes, tuplets {@code (3}, bar lines with repeats and numbered
 * endings, inline fields, decorations, slurs and grace notes (skipped, they take no time).
 *
 * <p>Anything else is a syntax error naming the tune, line and column — the parser never guesses.
 */
public final class AbcParser {
    /** Largest ABC text read: 4 MB (the whole Nottingham collection is 0.45 MB). */
    public static final int MAX_CHARS = 4 << 20;
    public static final int MAX_TUNES = 10_000;
    /** Elements per tune, before repeats: far more than any real tune. */
    public static final int MAX_ELEMENTS = 50_000;

    private static final Pattern FIELD = Pattern.compile("^([A-Za-z]):(.*)$");
    private static final Pattern TEMPO = Pattern.compile("(?:\"[^\"]*\"\\s*)?(?:(\\d+)/(\\d+)\\s*=\\s*)?(\\d+)\\s*(?:\"[^\"]*\")?");

    private AbcParser() {
    }

    /** Every tune of an ABC book (tunes start at {@code X:} lines). */
    public static List<AbcTune> parseBook(String text) {
        if (text == null || text.isBlank()) {
            throw AtelierException.invalidArgument("abc", "the ABC text is empty");
        }
        if (text.length() > MAX_CHARS) {
            throw AtelierException.invalidArgument("abc", "ABC text may be at most " + (MAX_CHARS >> 20) + " MB");
        }
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<AbcTune> tunes = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= lines.length; i++) {
            boolean atX = i < lines.length && lines[i].startsWith("X:");
            if (atX || i == lines.length) {
                if (start >= 0) {
                    tunes.add(new TuneReader(lines, start, i).read());
                    if (tunes.size() > MAX_TUNES) {
                        throw AtelierException.invalidArgument("abc", "at most " + MAX_TUNES + " tunes per text");
                    }
                }
                start = i;
            }
        }
        if (tunes.isEmpty()) {
            // A lone tune without X: is accepted too.
            tunes.add(new TuneReader(lines, 0, lines.length).read());
        }
        return tunes;
    }

    /** The single tune of {@code text}, or the tune numbered {@code number} (X:) when it has several. */
    public static AbcTune parseTune(String text, Integer number) {
        List<AbcTune> tunes = parseBook(text);
        if (number == null) {
            if (tunes.size() != 1) {
                throw AtelierException.invalidArgument("tune", "the text holds " + tunes.size()
                        + " tunes; pick one by its X: number");
            }
            return tunes.get(0);
        }
        return tunes.stream().filter(t -> t.number() == number).findFirst().orElseThrow(() ->
                AtelierException.notFound("no tune X:" + number + " in the text (it has " + tunes.size() + " tunes)"));
    }

    /** Parse state of one tune. */
    private static final class TuneReader {
        private final String[] lines;
        private final int from;
        private final int to;

        private int number = 1;
        private String title = "";
        private Fraction meter = Fraction.of(4, 4);
        private boolean freeMeter;
        private Fraction unitLength;
        private AbcKey key;
        private Tempo tempo;
        private final List<AbcElement> elements = new ArrayList<>();
        private final List<BarLength> bars = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();

        // Body state.
        private final Map<Integer, Integer> barAccidentals = new HashMap<>();
        private Fraction barLength = Fraction.ZERO;
        private boolean barHasContent;
        private boolean barSplit;
        private int lastTone = -1;
        private int brokenNum = 1;
        private int brokenDen = 1;
        private Fraction tupletFactor;
        private int tupletLeft;
        private int lineNo;
        private String line;
        private int pos;

        TuneReader(String[] lines, int from, int to) {
            this.lines = lines;
            this.from = from;
            this.to = to;
        }

        AbcTune read() {
            int i = from;
            boolean sawX = false;
            // Header: fields up to and including K:.
            for (; i < to; i++) {
                String l = stripComment(lines[i]).strip();
                if (l.isEmpty()) {
                    if (key == null && sawX) {
                        continue;
                    }
                    if (key == null) {
                        continue;
                    }
                    break;
                }
                Matcher m = FIELD.matcher(l);
                if (!m.matches()) {
                    if (key == null) {
                        if (!sawX) {
                            continue; // free text before a tune
                        }
                        throw error(i, 0, "music before the K: field that must end the header");
                    }
                    break;
                }
                char f = m.group(1).charAt(0);
                String v = m.group(2).strip();
                if (f == 'X') {
                    sawX = true;
                    try {
                        number = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw error(i, 0, "X: must be a tune number, got " + AtelierException.quote(v));
                    }
                } else if (f == 'T' && title.isEmpty()) {
                    title = v;
                } else if (f == 'K') {
                    headerField(f, v, i);
                    i++;
                    break;
                } else {
                    headerField(f, v, i);
                }
            }
            if (key == null) {
                throw error(from, 0, "the tune has no K: (key) field ending its header");
            }
            if (unitLength == null) {
                unitLength = defaultUnitLength();
            }
            if (tempo == null) {
                tempo = defaultTempo();
            }
            for (; i < to; i++) {
                String raw = lines[i];
                if (raw.isBlank()) {
                    if (hasMusic()) {
                        break; // a blank line ends the tune
                    }
                    continue;
                }
                String l = stripComment(raw);
                Matcher m = FIELD.matcher(l.strip());
                if (m.matches() && !l.strip().startsWith("|")) {
                    bodyField(m.group(1).charAt(0), m.group(2).strip(), i);
                    continue;
                }
                scanLine(l, i);
            }
            if (barHasContent) {
                closeBar(false);
            }
            if (!bars.isEmpty()) {
                BarLength b = bars.get(bars.size() - 1);
                bars.set(bars.size() - 1, new BarLength(b.length(), b.meter(), b.first(), true, b.split()));
            }
            if (!hasMusic()) {
                throw error(from, 0, "the tune has no notes");
            }
            return new AbcTune(number, title, freeMeter ? null : meter, key, tempo, elements, bars, warnings);
        }

        private boolean hasMusic() {
            return elements.stream().anyMatch(e -> e instanceof Tone || e instanceof Rest);
        }

        private void headerField(char f, String v, int lineIndex) {
            switch (f) {
                case 'M' -> meter(v, lineIndex);
                case 'L' -> unitLength = length(v, lineIndex);
                case 'Q' -> tempo = tempo(v, lineIndex);
                case 'K' -> key = key(v, lineIndex);
                default -> {
                    // T, S, C, R, P, N, Y, Z, O, H, B, D, F, G, I, W, w …: text only, no effect on the notes.
                }
            }
        }

        private void bodyField(char f, String v, int lineIndex) {
            switch (f) {
                case 'M' -> meter(v, lineIndex);
                case 'L' -> unitLength = length(v, lineIndex);
                case 'Q' -> elements.add(tempo(v, lineIndex));
                case 'K' -> key = key(v, lineIndex);
                default -> {
                    // P: part labels, w: lyrics, N: notes … play straight through.
                }
            }
        }

        private AbcKey key(String v, int lineIndex) {
            try {
                return AbcKey.parse(v);
            } catch (AtelierException e) {
                throw error(lineIndex, 0, e.getMessage());
            }
        }

        private void meter(String v, int lineIndex) {
            String s = v.strip();
            freeMeter = false;
            if (s.equals("C")) {
                meter = Fraction.of(4, 4);
            } else if (s.equals("C|")) {
                meter = Fraction.of(2, 2);
            } else if (s.equalsIgnoreCase("none") || s.isEmpty()) {
                freeMeter = true;
            } else {
                Matcher m = Pattern.compile("(\\d+(?:\\+\\d+)*)/(\\d+)").matcher(s);
                if (!m.matches()) {
                    throw error(lineIndex, 0, "M: must be like 6/8, C or C|, got " + AtelierException.quote(v));
                }
                int n = 0;
                for (String part : m.group(1).split("\\+")) {
                    n += Integer.parseInt(part);
                }
                int d = Integer.parseInt(m.group(2));
                if (n < 1 || n > 64 || d < 1 || d > 64) {
                    throw error(lineIndex, 0, "meter out of range: " + AtelierException.quote(v));
                }
                meter = Fraction.of(n, d);
            }
        }

        private Fraction length(String v, int lineIndex) {
            Matcher m = Pattern.compile("(\\d+)/(\\d+)").matcher(v.strip());
            if (!m.matches()) {
                throw error(lineIndex, 0, "L: must be like 1/8, got " + AtelierException.quote(v));
            }
            int n = Integer.parseInt(m.group(1));
            int d = Integer.parseInt(m.group(2));
            if (n < 1 || d < 1 || n > 16 || d > 512) {
                throw error(lineIndex, 0, "unit length out of range: " + AtelierException.quote(v));
            }
            return Fraction.of(n, d);
        }

        private Tempo tempo(String v, int lineIndex) {
            Matcher m = TEMPO.matcher(v.strip());
            if (!m.matches()) {
                throw error(lineIndex, 0, "Q: must be like 1/4=120, got " + AtelierException.quote(v));
            }
            Fraction beat = m.group(1) == null ? (unitLength != null ? unitLength : Fraction.of(1, 4))
                    : Fraction.of(Integer.parseInt(m.group(1)), Math.max(1, Integer.parseInt(m.group(2))));
            int bpm;
            try {
                bpm = Integer.parseInt(m.group(3));
            } catch (NumberFormatException e) {
                bpm = -1;
            }
            if (bpm < 10 || bpm > 1000 || beat.isZero()) {
                throw error(lineIndex, 0, "tempo out of range (10 to 1000 beats a minute): " + AtelierException.quote(v));
            }
            return new Tempo(beat, bpm);
        }

        /** ABC 2.1: 1/16 when the meter is below 3/4, else 1/8. */
        private Fraction defaultUnitLength() {
            return !freeMeter && meter.value() < 0.75 ? Fraction.of(1, 16) : Fraction.of(1, 8);
        }

        /** Compound meters (6/8, 9/8, 12/8) count dotted quarters at 100; others quarters at 120. */
        private Tempo defaultTempo() {
            if (!freeMeter && meter.den() == 8 && meter.num() % 3 == 0 && meter.num() >= 6) {
                return new Tempo(Fraction.of(3, 8), 100);
            }
            return new Tempo(Fraction.of(1, 4), 120);
        }

        // ---- body ----

        private void scanLine(String text, int lineIndex) {
            line = text;
            lineNo = lineIndex;
            pos = 0;
            while (pos < line.length()) {
                char c = line.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\\' || c == '`' || c == '$' || c == 'y' || c == ')') {
                    pos++;
                } else if (c == '"') {
                    chordSymbol();
                } else if (c == '!') {
                    int end = line.indexOf('!', pos + 1);
                    if (end < 0) {
                        throw error(lineNo, pos, "a decoration !…! is not closed");
                    }
                    pos = end + 1;
                } else if (c == '+') {
                    Matcher m = Pattern.compile("\\+[A-Za-z0-9.]+\\+").matcher(line).region(pos, line.length());
                    pos = m.lookingAt() ? m.end() : pos + 1; // old-style decoration, or a stray plus
                } else if ("~.HLMOPSTuv".indexOf(c) >= 0) {
                    pos++; // decoration shorthands
                } else if (c == '{') {
                    int end = line.indexOf('}', pos + 1);
                    if (end < 0) {
                        throw error(lineNo, pos, "grace notes {…} are not closed");
                    }
                    pos = end + 1;
                } else if (c == '(') {
                    if (pos + 1 < line.length() && Character.isDigit(line.charAt(pos + 1))) {
                        tuplet();
                    } else {
                        pos++; // slur
                    }
                } else if (c == '-') {
                    if (lastTone < 0 || !(elements.get(lastTone) instanceof Tone t)) {
                        throw error(lineNo, pos, "a tie '-' must follow a note");
                    }
                    elements.set(lastTone, t.withTie());
                    pos++;
                } else if (c == '>' || c == '<') {
                    brokenRhythm(c);
                } else if (c == '[') {
                    bracket();
                } else if (c == '|' || c == ':') {
                    barLine();
                } else if (c == '^' || c == '_' || c == '=' || isNoteLetter(c)) {
                    int[] pitch = new int[1];
                    Fraction len = note(pitch);
                    addTone(new int[] {pitch[0]}, len);
                } else if (c == 'z' || c == 'x') {
                    pos++;
                    addRest(unitLength.times(lengthSuffix()));
                } else if (c == 'Z' || c == 'X') {
                    pos++;
                    Fraction bars = lengthSuffix();
                    addRest(meter.times(bars));
                } else {
                    throw error(lineNo, pos, "unexpected character " + AtelierException.quote(String.valueOf(c)));
                }
            }
        }

        private static boolean isNoteLetter(char c) {
            return (c >= 'A' && c <= 'G') || (c >= 'a' && c <= 'g');
        }

        private void chordSymbol() {
            int end = line.indexOf('"', pos + 1);
            if (end < 0) {
                throw error(lineNo, pos, "a chord symbol \"…\" is not closed");
            }
            String text = line.substring(pos + 1, end).strip();
            pos = end + 1;
            if (!text.isEmpty() && "^_<>@".indexOf(text.charAt(0)) < 0) {
                elements.add(new ChordSymbol(text));
            }
        }

        private void tuplet() {
            pos++; // (
            int p = digits();
            Integer q = null;
            Integer r = null;
            if (pos < line.length() && line.charAt(pos) == ':') {
                pos++;
                if (pos < line.length() && Character.isDigit(line.charAt(pos))) {
                    q = digits();
                }
                if (pos < line.length() && line.charAt(pos) == ':') {
                    pos++;
                    if (pos < line.length() && Character.isDigit(line.charAt(pos))) {
                        r = digits();
                    }
                }
            }
            if (p < 2 || p > 9) {
                throw error(lineNo, pos, "tuplets are (2 to (9, got (" + p);
            }
            if (q == null) {
                boolean compound = !freeMeter && meter.den() == 8 && meter.num() % 3 == 0 && meter.num() >= 6;
                q = switch (p) {
                    case 2, 4, 8 -> 3;
                    case 3, 6 -> 2;
                    default -> compound ? 3 : 2;
                };
            }
            if (q < 1 || q > 9) {
                throw error(lineNo, pos, "tuplet ratio out of range");
            }
            tupletFactor = Fraction.of(q, p);
            tupletLeft = r == null ? p : Math.max(1, Math.min(r, 32));
        }

        private void brokenRhythm(char c) {
            int count = 0;
            while (pos < line.length() && line.charAt(pos) == c) {
                count++;
                pos++;
            }
            if (count > 3 || lastTone < 0) {
                throw error(lineNo, pos - count, "broken rhythm must follow a note and have at most three " + c);
            }
            // '>' dots the first note (×3/2, ×7/4, ×15/8) and shortens the next (×1/2, ×1/4, ×1/8).
            long den = 1L << count;
            Fraction longer = Fraction.of(2 * den - 1, den);
            Fraction shorter = Fraction.of(1, den);
            Fraction first = c == '>' ? longer : shorter;
            Fraction second = c == '>' ? shorter : longer;
            AbcElement prev = elements.get(lastTone);
            Fraction old = prev instanceof Tone t ? t.length() : ((Rest) prev).length();
            Fraction updated = old.times(first);
            elements.set(lastTone, prev instanceof Tone t ? t.withLength(updated) : new Rest(updated));
            if (barHasContent) {
                barLength = barLength.plus(updated).minus(old);
            }
            brokenNum = (int) second.num();
            brokenDen = (int) second.den();
        }

        private void bracket() {
            if (pos + 1 >= line.length()) {
                throw error(lineNo, pos, "a line cannot end with '['");
            }
            char next = line.charAt(pos + 1);
            if (Character.isDigit(next)) {
                pos++;
                ending();
            } else if (next == '|') {
                barLine();
            } else if (Character.isLetter(next) && pos + 2 < line.length() && line.charAt(pos + 2) == ':') {
                int end = line.indexOf(']', pos);
                if (end < 0) {
                    throw error(lineNo, pos, "an inline field [X:…] is not closed");
                }
                bodyField(next, line.substring(pos + 3, end).strip(), lineNo);
                pos = end + 1;
            } else {
                chord();
            }
        }

        private void chord() {
            int open = pos;
            pos++; // [
            List<Integer> pitches = new ArrayList<>();
            Fraction first = null;
            while (true) {
                if (pos >= line.length()) {
                    throw error(lineNo, open, "a chord [...] is not closed");
                }
                char c = line.charAt(pos);
                if (c == ']') {
                    pos++;
                    break;
                }
                if (c == ' ' || c == '+' || c == '-' || c == '~' || c == '.') {
                    pos++;
                    continue;
                }
                if (c == '!') {
                    int end = line.indexOf('!', pos + 1);
                    if (end < 0) {
                        throw error(lineNo, pos, "a decoration !…! is not closed");
                    }
                    pos = end + 1;
                    continue;
                }
                if (!(c == '^' || c == '_' || c == '=' || isNoteLetter(c))) {
                    if (pitches.isEmpty() || c == '"') {
                        throw error(lineNo, pos, "unexpected " + AtelierException.quote(String.valueOf(c)) + " in a chord");
                    }
                    // A chord left open before other music: close it here, and say so.
                    warnings.add("line " + (lineNo + 1) + ", column " + (open + 1) + ": chord [ not closed before "
                            + AtelierException.quote(String.valueOf(c)) + "; closed there");
                    break;
                }
                int[] p = new int[1];
                Fraction len = note(p);
                pitches.add(p[0]);
                if (first == null) {
                    first = len;
                }
            }
            if (pitches.isEmpty()) {
                throw error(lineNo, open, "an empty chord []");
            }
            Fraction len = first.times(lengthSuffix());
            addTone(pitches.stream().mapToInt(Integer::intValue).toArray(), len);
            if (pos < line.length() && line.charAt(pos) == '-') {
                elements.set(lastTone, ((Tone) elements.get(lastTone)).withTie());
                pos++;
            }
        }

        /** Reads one note at pos into pitch[0]; returns its length (unit length × suffix). */
        private Fraction note(int[] pitch) {
            int startCol = pos;
            int accidental = 0;
            boolean explicit = false;
            while (pos < line.length() && (line.charAt(pos) == '^' || line.charAt(pos) == '_' || line.charAt(pos) == '=')) {
                char a = line.charAt(pos++);
                explicit = true;
                accidental = a == '=' ? 0 : accidental + (a == '^' ? 1 : -1);
            }
            if (pos >= line.length() || !isNoteLetter(line.charAt(pos))) {
                throw error(lineNo, startCol, "an accidental must be followed by a note letter");
            }
            if (Math.abs(accidental) > 2) {
                throw error(lineNo, startCol, "at most a double sharp or flat");
            }
            char letter = line.charAt(pos++);
            int upper = Character.toUpperCase(letter) - 'A';
            int[] natural = {9, 11, 0, 2, 4, 5, 7};
            int base = 60 + natural[upper] + (Character.isLowerCase(letter) ? 12 : 0);
            while (pos < line.length() && (line.charAt(pos) == '\'' || line.charAt(pos) == ',')) {
                base += line.charAt(pos++) == '\'' ? 12 : -12;
            }
            int offset;
            if (explicit) {
                barAccidentals.put(base, accidental);
                offset = accidental;
            } else {
                offset = barAccidentals.getOrDefault(base, key.offset(upper));
            }
            int midi = base + offset;
            if (midi < 0 || midi > 127) {
                throw error(lineNo, startCol, "note outside the MIDI range 0 to 127");
            }
            pitch[0] = midi;
            return unitLength.times(lengthSuffix());
        }

        /** A length multiplier: "", "2", "3/2", "/", "//", "/4", "3/". */
        private Fraction lengthSuffix() {
            long num = 1;
            long den = 1;
            if (pos < line.length() && Character.isDigit(line.charAt(pos))) {
                num = digits();
            }
            while (pos < line.length() && line.charAt(pos) == '/') {
                pos++;
                if (pos < line.length() && Character.isDigit(line.charAt(pos))) {
                    den *= digits();
                } else {
                    den *= 2;
                }
                if (den > 1024) {
                    throw error(lineNo, pos, "note length too short");
                }
            }
            if (num < 1 || num > 256 || den < 1) {
                throw error(lineNo, pos, "note length out of range");
            }
            return Fraction.of(num, den);
        }

        private int digits() {
            int start = pos;
            while (pos < line.length() && Character.isDigit(line.charAt(pos)) && pos - start < 6) {
                pos++;
            }
            return Integer.parseInt(line.substring(start, pos));
        }

        private Fraction adjust(Fraction len) {
            if (brokenNum != 1 || brokenDen != 1) {
                len = len.times(brokenNum, brokenDen);
                brokenNum = 1;
                brokenDen = 1;
            }
            if (tupletLeft > 0) {
                len = len.times(tupletFactor);
                tupletLeft--;
            }
            return len;
        }

        private void addTone(int[] pitches, Fraction len) {
            len = adjust(len);
            add(new Tone(pitches, len, false));
            lastTone = elements.size() - 1;
            barLength = barLength.plus(len);
            barHasContent = true;
        }

        private void addRest(Fraction len) {
            len = adjust(len);
            add(new Rest(len));
            lastTone = elements.size() - 1;
            barLength = barLength.plus(len);
            barHasContent = true;
        }

        private void add(AbcElement e) {
            if (elements.size() >= MAX_ELEMENTS) {
                throw error(lineNo, pos, "the tune is too long (more than " + MAX_ELEMENTS + " elements)");
            }
            elements.add(e);
        }

        private void barLine() {
            int start = pos;
            StringBuilder run = new StringBuilder();
            if (line.charAt(pos) == '[') {
                run.append('[');
                pos++;
            }
            while (pos < line.length() && (line.charAt(pos) == '|' || line.charAt(pos) == ':')) {
                run.append(line.charAt(pos++));
            }
            if (pos < line.length() && line.charAt(pos) == ']' && run.length() > 0 && run.charAt(run.length() - 1) == '|') {
                run.append(line.charAt(pos++));
            }
            String s = run.toString();
            if (s.indexOf('|') < 0 && !s.equals("::")) {
                throw error(lineNo, start, "unexpected ':' outside a bar line");
            }
            boolean repeatEnd = s.startsWith(":");
            boolean repeatStart = s.endsWith(":");
            boolean sectionEnd = s.contains("||") || s.contains("|]") || s.contains("[|");
            closeBar(repeatEnd || repeatStart || sectionEnd);
            add(new Bar(repeatEnd, repeatStart, sectionEnd || repeatEnd));
            barSplit = repeatEnd || repeatStart || sectionEnd;
            if (pos < line.length() && Character.isDigit(line.charAt(pos))) {
                ending();
            }
        }

        private void ending() {
            int n = digits();
            // "1,3" or "1-2": play on the first listed pass.
            while (pos < line.length() && (line.charAt(pos) == ',' || line.charAt(pos) == '-'
                    || Character.isDigit(line.charAt(pos)))) {
                pos++;
            }
            if (n < 1 || n > 9) {
                throw error(lineNo, pos, "endings are numbered 1 to 9");
            }
            add(new Ending(n));
            barSplit = true;
        }

        private void closeBar(boolean splitHere) {
            if (barHasContent) {
                bars.add(new BarLength(barLength, freeMeter ? null : meter, bars.isEmpty(), false, splitHere || barSplit));
            }
            barLength = Fraction.ZERO;
            barHasContent = false;
            barSplit = false;
            barAccidentals.clear();
        }

        private AtelierException error(int lineIndex, int col, String message) {
            return AtelierException.invalidArgument("abc", "ABC tune X:" + number
                    + (title.isEmpty() ? "" : " (" + AtelierException.quote(title) + ")")
                    + ", line " + (lineIndex + 1) + (col > 0 ? ", column " + (col + 1) : "") + ": " + message);
        }

        private static String stripComment(String l) {
            int p = l.indexOf('%');
            return p < 0 ? l : l.substring(0, p);
        }
    }
}
