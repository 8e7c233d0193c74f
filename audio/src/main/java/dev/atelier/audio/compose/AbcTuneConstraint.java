package dev.atelier.audio.compose;

import dev.atelier.audio.abc.AbcKey;
import dev.atelier.audio.abc.Fraction;
import dev.atelier.core.error.AtelierException;
import dev.atelier.text.sampling.TextConstraint;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grammar that keeps a composed tune well-formed, checked character by character as the
 * model writes the body after the header (grammar-constrained sampling): the ABC that the
 * Nottingham books use and {@code AbcParser} reads (notes with accidentals, octave marks and
 * lengths, rests {@code z}, chords {@code [..]}, chord symbols in quotes, ties, tuplets
 * {@code (3}, slurs, {@code ~} and {@code !..!} decorations, bar lines with repeats and endings,
 * {@code K: M: L:} lines and inline fields), and the meter:
 * <ul>
 * <li>no note may make a bar longer than the meter;</li>
 * <li>a bar line may close a bar only when it has the meter's length, except the opening
 *     (pick-up) bar, a bar that a repeat, section line or ending opened (as the quality measure
 *     exempts them), and a bar whose length completes an opening bar (the end of a part with a
 *     pick-up), which must then close with a repeat or section line, and the tune's last bar
 *     (a short bar that completes nothing may close only if the tune ends right after it);</li>
 * <li>the tune ends (a blank line, or an end token) only after a closed bar, and after
 *     {@link #WRAP_UP_CHARS} characters nothing new may start once a bar is closed.</li>
 * </ul>
 * Stricter than the parser where the data never goes (no leading blanks, no comments, no grace
 * notes, broken rhythm or multi-bar rests), so everything it lets through parses.
 */
public final class AbcTuneConstraint implements TextConstraint, Cloneable {
    /** After this many body characters the tune must end at the next bar line (the corpus' longest body is about 1,300). */
    public static final int WRAP_UP_CHARS = 1_500;
    /** Longest chord symbol, decoration or field value. */
    static final int MAX_TEXT = 24;

    /** Why the last character was refused. */
    public enum Rejection { NONE, SYNTAX, BAR_LENGTH, UNFINISHED_END, WRAP_UP }

    private enum Mode { BODY, LINE_START_LETTER, FIELD_LINE, QUOTE, DECORATION, PAREN, TUPLET, BRACKET, BRACKET_LETTER,
        INLINE_FIELD, NOTE, REST, CHORD, CHORD_NOTE, CHORD_LENGTH, BAR, ENDING, END }

    private static final Pattern METER = Pattern.compile("(\\d+(?:\\+\\d+)*)/(\\d+)");
    /** Field values the grammar lets a tune write (a prefix of one may stand while it is being written). */
    private static final Pattern KEY_FIELD = Pattern.compile("[A-G][#b]? ?(?:m|min|minor|maj|major|ion|ionian|dor|dorian|phr"
            + "|phrygian|lyd|lydian|mix|mixolydian|aeo|aeolian|loc|locrian)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern METER_FIELD = Pattern.compile("C\\|?|none|(?:[1-9]|[1-5][0-9]|6[0-4])/(?:1|2|4|8|16|32|64)");
    /** Chord symbols: the ones {@code ChordSymbols} plays, and the few other spellings of the Nottingham books. */
    private static final Pattern CHORD_SYMBOL = Pattern.compile(" ?(?:\\(?[A-Ga-g][#b]?(?:maj7|maj|min7|min|m7b5|m7|m6|m9|m|dim7|dim"
            + "|aug|sus4|sus2|sus|add9|\\+|7b9|7|6|9|11|13|o|d|a7|a| m)?(?:/[A-Ga-g][#b+]?)?\\)?)? ?");
    private static final Pattern UNIT_FIELD = Pattern.compile("1/(?:1|2|4|8|16|32|64)");
    private static final Pattern LENGTH = Pattern.compile("(\\d+)/(\\d+)");

    // The meter and unit in force.
    private Fraction meter;
    private boolean freeMeter;
    private Fraction unit;

    // Where the text is.
    private Mode mode = Mode.BODY;
    private boolean lineStart = true;
    private int chars;
    private char pending;
    private StringBuilder text = new StringBuilder();
    private Rejection rejection = Rejection.NONE;

    // The bar being written.
    private Fraction barLength = Fraction.ZERO;
    private boolean barHasContent;
    private boolean barSplit;
    private boolean mustSplit;
    /** A short bar closed as the tune's last: only the end may follow. */
    private boolean mustEnd;
    private int closedBars;
    private boolean lastIsTone;
    /** Lengths of the short bars that opened the tune or a part: a later bar may complete one of them. */
    private List<Fraction> openings = new ArrayList<>();

    // A note, rest or chord being read: stage (0 accidentals, 1 after the letter and octave marks,
    // 2 reading the length), accidental, pitch before accidentals, and the length suffix.
    private int noteStage;
    private int accidental;
    private int accidentalSigns;
    private int base;
    private int num;
    private int numDigits;
    private int denDone;
    private int group;
    private int groupDigits;
    private boolean inGroup;
    private int chordNotes;
    private Fraction chordFirst;

    // Tuplets and bar-line runs.
    private int tupletStage;
    private int tupletP;
    private int tupletQ;
    private int tupletR;
    private Fraction tupletFactor;
    private int tupletLeft;
    private int endingStage;

    private AbcTuneConstraint() {
    }

    /** The state at the start of a body whose header has these M: and L: values ({@code unitLength} null: ABC's default). */
    public static AbcTuneConstraint start(String meter, String unitLength) {
        AbcTuneConstraint c = new AbcTuneConstraint();
        if (!c.applyMeter(meter)) {
            throw AtelierException.invalidArgument("meter", "M: must be like 6/8, C, C| or none, got " + AtelierException.quote(meter));
        }
        if (unitLength == null) {
            c.unit = !c.freeMeter && c.meter.value() < 0.75 ? Fraction.of(1, 16) : Fraction.of(1, 8);
        } else if (!c.applyUnit(unitLength)) {
            throw AtelierException.invalidArgument("unit_length", "L: must be like 1/8, got " + AtelierException.quote(unitLength));
        }
        return c;
    }

    @Override
    public boolean advance(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (mode != Mode.END) {
                chars++;
            }
            if (!step(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean mayEnd() {
        return mode == Mode.END || (mode == Mode.BODY && lineStart && endable());
    }

    /** ABC here is ASCII: no character of a multi-byte UTF-8 sequence may come. */
    @Override
    public boolean mayContinueWith(int from, int to) {
        return false;
    }

    @Override
    public AbcTuneConstraint copy() {
        try {
            AbcTuneConstraint c = (AbcTuneConstraint) super.clone();
            c.text = new StringBuilder(text);
            c.openings = new ArrayList<>(openings);
            return c;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** Why the last refused character was refused. */
    public Rejection rejection() {
        return rejection;
    }

    /** Whether the tune has ended (a blank line came where it may). */
    public boolean ended() {
        return mode == Mode.END;
    }

    /** Bars closed so far. */
    public int closedBars() {
        return closedBars;
    }

    private boolean reject(Rejection why) {
        rejection = why;
        return false;
    }

    private boolean step(char c) {
        switch (mode) {
            case END:
                return true;
            case LINE_START_LETTER:
                mode = Mode.BODY;
                if (c == ':') {
                    if ("KML".indexOf(pending) < 0) {
                        return reject(Rejection.SYNTAX); // the parser would read the line as a field and skip it
                    }
                    mode = Mode.FIELD_LINE;
                    text.setLength(0);
                    return true;
                }
                return body(pending) && step(c);
            case FIELD_LINE:
                if (c == '\n') {
                    mode = Mode.BODY;
                    return applyField(pending, text.toString()) && newline();
                }
                return appendText(c) && viableField(pending, text);
            case QUOTE: {
                Matcher m = CHORD_SYMBOL.matcher(text);
                if (c == '"') {
                    mode = Mode.BODY;
                    return m.matches() || reject(Rejection.SYNTAX);
                }
                if (!appendText(c)) {
                    return false;
                }
                m = CHORD_SYMBOL.matcher(text);
                return m.matches() || m.hitEnd() || reject(Rejection.SYNTAX);
            }
            case DECORATION:
                if (c == '!') {
                    mode = Mode.BODY;
                    return !text.isEmpty() || reject(Rejection.SYNTAX);
                }
                return c < 128 && Character.isLetter(c) ? appendText(c) : reject(Rejection.SYNTAX);
            case PAREN:
                if (c >= '2' && c <= '9') {
                    if (tupletLeft > 0) {
                        return reject(Rejection.SYNTAX); // a tuplet inside a tuplet
                    }
                    if (!freeMeter && barLength.compareTo(meter) >= 0) {
                        return reject(Rejection.BAR_LENGTH); // no room left for the tuplet's notes
                    }
                    tupletP = c - '0';
                    tupletQ = 0;
                    tupletR = 0;
                    tupletStage = 0;
                    mode = Mode.TUPLET;
                    return true;
                }
                if (Character.isDigit(c)) {
                    return reject(Rejection.SYNTAX);
                }
                mode = Mode.BODY; // a slur
                return step(c);
            case TUPLET:
                return tuplet(c);
            case BRACKET:
                if (c >= '1' && c <= '9') {
                    return startEnding();
                }
                if (c == '|') {
                    if (!startBarLine()) {
                        return false;
                    }
                    text.setLength(0);
                    text.append("[|");
                    return true;
                }
                if ("KML".indexOf(c) >= 0 || isNoteLetter(c)) {
                    pending = c;
                    mode = Mode.BRACKET_LETTER;
                    return true;
                }
                mode = Mode.CHORD;
                chordNotes = 0;
                return step(c);
            case BRACKET_LETTER:
                if (c == ':') {
                    if ("KML".indexOf(pending) < 0) {
                        return reject(Rejection.SYNTAX);
                    }
                    mode = Mode.INLINE_FIELD;
                    text.setLength(0);
                    return true;
                }
                mode = Mode.CHORD;
                chordNotes = 0;
                return step(pending) && step(c);
            case INLINE_FIELD:
                if (c == ']') {
                    mode = Mode.BODY;
                    return applyField(pending, text.toString());
                }
                return c == '\n' ? reject(Rejection.SYNTAX) : appendText(c) && viableField(pending, text);
            case NOTE:
            case CHORD_NOTE:
                return note(c);
            case REST:
            case CHORD_LENGTH: {
                int r = suffix(c);
                if (r != 0) {
                    return r > 0 ? reachable(mode == Mode.REST ? unit : chordFirst) : reject(Rejection.SYNTAX);
                }
                Fraction len = mode == Mode.REST ? unit.times(length()) : chordFirst.times(length());
                boolean tone = mode == Mode.CHORD_LENGTH;
                mode = Mode.BODY;
                return addElement(len, tone) && step(c);
            }
            case CHORD:
                if (c == ' ' || c == '+' || c == '-') {
                    return true;
                }
                if (c == ']') {
                    if (chordNotes == 0) {
                        return reject(Rejection.SYNTAX);
                    }
                    mode = Mode.CHORD_LENGTH;
                    startLength();
                    return reachable(chordFirst);
                }
                if (c == '^' || c == '_' || c == '=' || isNoteLetter(c)) {
                    mode = Mode.CHORD_NOTE;
                    startNote();
                    return note(c);
                }
                if (chordNotes == 0 || c == '"' || c == '\n' || c == '%') {
                    return reject(Rejection.SYNTAX);
                }
                // As the parser does (with a warning): other music closes a chord left open.
                mode = Mode.BODY;
                return addElement(chordFirst, true) && step(c);
            case BAR:
                return barLine(c);
            case ENDING:
                if (endingStage == 0 && (c == ',' || c == '-')) {
                    endingStage = 1;
                    return true;
                }
                if (endingStage == 1) {
                    endingStage = 0;
                    return c >= '1' && c <= '9' || reject(Rejection.SYNTAX);
                }
                if (Character.isDigit(c)) {
                    return reject(Rejection.SYNTAX);
                }
                mode = Mode.BODY;
                return step(c);
            default:
                return body(c);
        }
    }

    /** A character where nothing is open. */
    private boolean body(char c) {
        if (c == '\n') {
            return newline();
        }
        if (mustEnd) {
            return reject(Rejection.BAR_LENGTH);
        }
        if (chars > WRAP_UP_CHARS && !barHasContent && closedBars > 0) {
            return reject(Rejection.WRAP_UP);
        }
        if (lineStart) {
            if (c == ' ' || c == '\t') {
                return reject(Rejection.SYNTAX);
            }
            lineStart = false;
            if ((isNoteLetter(c) || c == 'z') && !freeMeter && barLength.compareTo(meter) >= 0) {
                return reject(Rejection.BAR_LENGTH); // the bar is full: no note can come
            }
            if ("KML".indexOf(c) >= 0 || isNoteLetter(c) || c == 'z') {
                pending = c; // a field line "K:" or music: the next character tells
                mode = Mode.LINE_START_LETTER;
                return true;
            }
        }
        switch (c) {
            case ' ', '\t', '\\', ')', '~':
                return true;
            case '"':
                mode = Mode.QUOTE;
                text.setLength(0);
                return true;
            case '!':
                mode = Mode.DECORATION;
                text.setLength(0);
                return true;
            case '(':
                mode = Mode.PAREN;
                return true;
            case '-':
                return lastIsTone || reject(Rejection.SYNTAX);
            case '[':
                mode = Mode.BRACKET;
                return true; // a chord that cannot fit is refused at its ']'
            case '|', ':':
                if (!startBarLine()) {
                    return false;
                }
                text.setLength(0);
                text.append(c);
                return true;
            case 'z':
                mode = Mode.REST;
                startLength();
                return reachable(unit);
            default:
                if (c == '^' || c == '_' || c == '=' || isNoteLetter(c)) {
                    mode = Mode.NOTE;
                    startNote();
                    return note(c);
                }
                return reject(Rejection.SYNTAX);
        }
    }

    private boolean newline() {
        if (lineStart) { // a blank line: the tune ends here
            if (!endable()) {
                return reject(Rejection.UNFINISHED_END);
            }
            mode = Mode.END;
            return true;
        }
        lineStart = true;
        return true;
    }

    private boolean endable() {
        return !barHasContent && closedBars > 0 && tupletLeft == 0;
    }

    private boolean appendText(char c) {
        if (c == '\n' || c < ' ' || c > '~' || c == '%' || text.length() >= MAX_TEXT) {
            return reject(Rejection.SYNTAX);
        }
        text.append(c);
        return true;
    }

    /** Whether the field value written so far is, or can still become, one the grammar allows (so no dead end). */
    private boolean viableField(char field, CharSequence value) {
        Pattern p = field == 'K' ? KEY_FIELD : field == 'M' ? METER_FIELD : UNIT_FIELD;
        Matcher m = p.matcher(value.toString().strip());
        return m.matches() || m.hitEnd() || reject(Rejection.SYNTAX);
    }

    private boolean applyField(char field, String value) {
        Pattern p = field == 'K' ? KEY_FIELD : field == 'M' ? METER_FIELD : UNIT_FIELD;
        if (!p.matcher(value.strip()).matches()) {
            return reject(Rejection.SYNTAX);
        }
        boolean ok = switch (field) {
            case 'K' -> {
                try {
                    AbcKey.parse(value);
                    yield true;
                } catch (AtelierException e) {
                    yield false;
                }
            }
            case 'M' -> applyMeter(value);
            case 'L' -> applyUnit(value);
            default -> false;
        };
        return ok || reject(Rejection.SYNTAX);
    }

    private boolean applyMeter(String value) {
        String s = value.strip();
        if (s.equals("C")) {
            meter = Fraction.of(4, 4);
        } else if (s.equals("C|")) {
            meter = Fraction.of(2, 2);
        } else if (s.equalsIgnoreCase("none") || s.isEmpty()) {
            freeMeter = true;
            meter = Fraction.of(4, 4);
            return true;
        } else {
            Matcher m = METER.matcher(s);
            if (!m.matches() || s.length() > 12) {
                return false;
            }
            int n = 0;
            for (String part : m.group(1).split("\\+")) {
                n += Integer.parseInt(part);
            }
            int d = Integer.parseInt(m.group(2));
            if (n < 1 || n > 64 || d < 1 || d > 64) {
                return false;
            }
            meter = Fraction.of(n, d);
        }
        freeMeter = false;
        return true;
    }

    private boolean applyUnit(String value) {
        Matcher m = LENGTH.matcher(value.strip());
        if (!m.matches() || value.strip().length() > 8) {
            return false;
        }
        int n = Integer.parseInt(m.group(1));
        int d = Integer.parseInt(m.group(2));
        if (n < 1 || d < 1 || n > 16 || d > 512) {
            return false;
        }
        unit = Fraction.of(n, d);
        return true;
    }

    // ---- notes ----

    private static boolean isNoteLetter(char c) {
        return (c >= 'A' && c <= 'G') || (c >= 'a' && c <= 'g');
    }

    private void startNote() {
        noteStage = 0;
        accidental = 0;
        accidentalSigns = 0;
        startLength();
    }

    private void startLength() {
        num = 0;
        numDigits = 0;
        denDone = 1;
        group = 0;
        groupDigits = 0;
        inGroup = false;
    }

    /** One character of a note (outside or inside a chord). */
    private boolean note(char c) {
        if (noteStage == 0) {
            if (c == '^' || c == '_' || c == '=') {
                accidental = c == '=' ? 0 : accidental + (c == '^' ? 1 : -1);
                // At most two signs (^^, __, =), and only where a note still fits: the letter must follow.
                return (++accidentalSigns <= 2 && Math.abs(accidental) <= 2 && (mode == Mode.CHORD_NOTE || reachable(unit)))
                        || reject(Rejection.SYNTAX);
            }
            if (!isNoteLetter(c)) {
                return reject(Rejection.SYNTAX);
            }
            int[] natural = {9, 11, 0, 2, 4, 5, 7};
            base = 60 + natural[Character.toUpperCase(c) - 'A'] + (Character.isLowerCase(c) ? 12 : 0);
            noteStage = 1;
            return mode == Mode.CHORD_NOTE || reachable(unit);
        }
        if (noteStage == 1 && (c == '\'' || c == ',')) {
            base += c == '\'' ? 12 : -12;
            // Within MIDI 0..127 whatever the key or accidentals (at most two semitones either way).
            return base >= 2 && base <= 125 || reject(Rejection.SYNTAX);
        }
        noteStage = 2;
        int r = suffix(c);
        if (r != 0) {
            return r > 0 ? mode == Mode.CHORD_NOTE || reachable(unit) : reject(Rejection.SYNTAX);
        }
        Fraction len = unit.times(length());
        if (mode == Mode.CHORD_NOTE) {
            if (chordNotes++ == 0) {
                chordFirst = len;
            }
            mode = Mode.CHORD;
            return step(c);
        }
        mode = Mode.BODY;
        return addElement(len, true) && step(c);
    }

    /** A character of a length suffix ("2", "3/2", "/", "//", "/4"): 1 taken, 0 not part of it, -1 invalid. */
    private int suffix(char c) {
        if (Character.isDigit(c)) {
            int d = c - '0';
            if (!inGroup) {
                if ((numDigits == 0 && d == 0) || numDigits >= 3) {
                    return -1;
                }
                num = num * 10 + d;
                numDigits++;
                return num <= 256 ? 1 : -1;
            }
            if ((groupDigits == 0 && d == 0) || groupDigits >= 4) {
                return -1;
            }
            group = group * 10 + d;
            groupDigits++;
            return (long) denDone * group <= 1024 ? 1 : -1;
        }
        if (c == '/') {
            if (inGroup) {
                denDone *= groupDigits == 0 ? 2 : group;
            }
            inGroup = true;
            group = 0;
            groupDigits = 0;
            return denDone * 2L <= 1024 ? 1 : -1;
        }
        return 0;
    }

    /**
     * Whether the element being read can still fit the bar: the shortest length its suffix can
     * yet reach (more '/' up to the parser's 1/1024) must fit, so a note never leads into a dead end.
     */
    private boolean reachable(Fraction base) {
        if (freeMeter) {
            return true;
        }
        Fraction now = length();
        long d = now.den();
        long maxDen = d * 2 <= 1024 ? d * (1024 / d) : d;
        Fraction shortest = base.times(Fraction.of(now.num(), maxDen));
        if (tupletLeft > 0) {
            shortest = shortest.times(tupletFactor);
        }
        int cmp = barLength.plus(shortest).compareTo(meter);
        return cmp < 0 || (cmp == 0 && tupletLeft <= 1) || reject(Rejection.BAR_LENGTH);
    }

    /** The suffix read so far as a multiplier of the unit length. */
    private Fraction length() {
        long den = denDone * (long) (inGroup ? (groupDigits == 0 ? 2 : group) : 1);
        return Fraction.of(numDigits == 0 ? 1 : num, den);
    }

    /** A note, chord or rest of {@code len}: tuplets apply, and the bar may not overflow. */
    private boolean addElement(Fraction len, boolean tone) {
        if (tupletLeft > 0) {
            len = len.times(tupletFactor);
            tupletLeft--;
        }
        Fraction after = barLength.plus(len);
        if (!freeMeter && (after.compareTo(meter) > 0 || (after.compareTo(meter) == 0 && tupletLeft > 0))) {
            return reject(Rejection.BAR_LENGTH); // too long, or a full bar with a tuplet still to finish
        }
        barLength = after;
        barHasContent = true;
        lastIsTone = tone;
        return true;
    }

    private boolean tuplet(char c) {
        switch (tupletStage) {
            case 0, 2, 4 -> {
                if (c == ':' && tupletStage < 4) {
                    tupletStage++;
                    if (tupletStage == 1 || tupletStage == 3) {
                        return true;
                    }
                }
                if (Character.isDigit(c)) {
                    return reject(Rejection.SYNTAX);
                }
            }
            case 1, 3 -> {
                if (c >= '1' && c <= '9') {
                    if (tupletStage == 1) {
                        tupletQ = c - '0';
                    } else {
                        tupletR = c - '0';
                    }
                    tupletStage++;
                    return true;
                }
                if (c == ':' && tupletStage == 1) {
                    tupletStage = 3;
                    return true;
                }
                if (Character.isDigit(c)) {
                    return reject(Rejection.SYNTAX);
                }
            }
            default -> { }
        }
        // The tuplet is complete: (p:q:r puts p notes in the time of q for the next r notes.
        int q = tupletQ;
        if (q == 0) {
            boolean compound = !freeMeter && meter.den() == 8 && meter.num() % 3 == 0 && meter.num() >= 6;
            q = switch (tupletP) {
                case 2, 4, 8 -> 3;
                case 3, 6 -> 2;
                default -> compound ? 3 : 2;
            };
        }
        tupletFactor = Fraction.of(q, tupletP);
        tupletLeft = tupletR == 0 ? tupletP : tupletR;
        mode = Mode.BODY;
        return step(c);
    }

    // ---- bar lines ----

    /** A bar line begins: a bar that is short here may only close as the end of a part that completes an opening bar. */
    private boolean startBarLine() {
        mode = Mode.BAR;
        mustSplit = false;
        if (barHasContent && tupletLeft > 0) {
            return reject(Rejection.BAR_LENGTH); // a tuplet must finish inside its bar
        }
        if (!barHasContent || freeMeter || closedBars == 0 || barSplit || barLength.compareTo(meter) == 0) {
            return true;
        }
        if (tupletLeft > 0) {
            return reject(Rejection.BAR_LENGTH);
        }
        for (Fraction o : openings) {
            if (barLength.plus(o).compareTo(meter) == 0) {
                mustSplit = true;
                return true;
            }
        }
        mustEnd = true; // a short last bar, which the quality measure exempts too: the tune must end here
        return true;
    }

    private boolean barLine(char c) {
        String run = text.toString();
        boolean closed = run.endsWith("]");
        if (!closed && (c == '|' || c == ':') && run.length() < 4) {
            text.append(c);
            return true;
        }
        if (!closed && c == ']' && run.endsWith("|")) {
            text.append(c);
            return true;
        }
        if (run.indexOf('|') < 0 && !run.equals("::")) {
            return reject(Rejection.SYNTAX);
        }
        boolean repeatEnd = run.startsWith(":");
        boolean repeatStart = run.endsWith(":");
        boolean section = run.contains("||") || run.contains("|]") || run.contains("[|");
        boolean split = repeatEnd || repeatStart || section;
        if (barHasContent) {
            if (tupletLeft > 0 || (mustSplit && !split)) {
                return reject(Rejection.BAR_LENGTH);
            }
            if (!freeMeter && barLength.compareTo(meter) < 0 && (closedBars == 0 || barSplit)) {
                openings.add(barLength);
            }
            closedBars++;
        }
        barLength = Fraction.ZERO;
        barHasContent = false;
        barSplit = split;
        mustSplit = false;
        mode = Mode.BODY;
        if (c >= '1' && c <= '9') {
            if (chars > WRAP_UP_CHARS || mustEnd) {
                return reject(Rejection.WRAP_UP);
            }
            return startEnding();
        }
        return step(c);
    }

    private boolean startEnding() {
        mode = Mode.ENDING;
        endingStage = 0;
        barSplit = true;
        return true;
    }
}
