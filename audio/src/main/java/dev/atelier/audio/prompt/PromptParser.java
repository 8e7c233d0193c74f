package dev.atelier.audio.prompt;

import dev.atelier.audio.AudioLimits;
import dev.atelier.audio.score.Instrument;
import dev.atelier.audio.score.PitchNames;
import dev.atelier.audio.score.Score;
import dev.atelier.audio.synth.DelaySettings;
import dev.atelier.audio.synth.Note;
import dev.atelier.audio.synth.Part;
import dev.atelier.audio.synth.ReverbSettings;
import dev.atelier.core.error.AtelierException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a short English description of a sound into a {@link Score} by a small, fixed grammar —
 * no model, so what it understands is exactly what is listed here (and in docs/AUDIO.md):
 *
 * <ul>
 *   <li><b>instrument:</b> piano, bell(s), pluck/plucked (string, guitar, harp), guitar, harp,
 *       organ, strings/violin/cello, pad, synth/lead, bass, flute/whistle, sine/tone/beep, drum(s);</li>
 *   <li><b>texture</b> (noise, no pitch): rain, wind, ocean/waves/sea, with light/heavy;</li>
 *   <li><b>form:</b> melody/tune/song, arpeggio, chords/progression, scale, note/tone/ding, drone;</li>
 *   <li><b>key:</b> "in D minor", "C major", "F# minor", "Bb", "E flat major", modes (dorian, …);
 *       a bare "minor" means A minor, "major" C major;</li>
 *   <li><b>numbers:</b> "at 80 bpm", "for 10 seconds" (s, sec, minutes), "at 880 Hz", a pitch such as "A5";</li>
 *   <li><b>mood and register:</b> calm/gentle/soft/slow/peaceful, happy/bright, sad/dark,
 *       fast/lively/energetic, loud, quiet, high, low;</li>
 *   <li>filler words (a, the, of, on, with, play, …) are skipped.</li>
 * </ul>
 *
 * Any other word is returned in {@link PromptResult#unknownWords()}; in strict mode it is an
 * {@code INVALID_ARGUMENT}. Generated melodies are seeded by the prompt text, so the same prompt
 * always gives the same music.
 */
public final class PromptParser {
    public static final int MAX_CHARS = 500;
    public static final double MAX_SECONDS = 300;

    private static final Set<String> FILLER = Set.of("a", "an", "the", "of", "on", "in", "at", "for", "with", "and",
            "played", "playing", "play", "some", "that", "is", "by", "sound", "sounds", "like", "please", "me",
            "make", "generate", "give", "create", "i", "want", "to", "very", "little", "bit", "gently", "softly",
            "long", "short", "music", "piece", "few", "string", "strings");
    private static final Map<String, Instrument> INSTRUMENTS = Map.ofEntries(
            Map.entry("piano", Instrument.PIANO), Map.entry("keys", Instrument.PIANO),
            Map.entry("bell", Instrument.BELL), Map.entry("bells", Instrument.BELL), Map.entry("chime", Instrument.BELL),
            Map.entry("chimes", Instrument.BELL), Map.entry("pluck", Instrument.PLUCK),
            Map.entry("plucked", Instrument.PLUCK), Map.entry("guitar", Instrument.PLUCK), Map.entry("harp", Instrument.PLUCK),
            Map.entry("organ", Instrument.ORGAN), Map.entry("violin", Instrument.STRINGS), Map.entry("cello", Instrument.STRINGS),
            Map.entry("pad", Instrument.PAD), Map.entry("synth", Instrument.LEAD), Map.entry("lead", Instrument.LEAD),
            Map.entry("bass", Instrument.BASS), Map.entry("flute", Instrument.FLUTE), Map.entry("whistle", Instrument.FLUTE),
            Map.entry("sine", Instrument.SINE), Map.entry("drum", Instrument.DRUM), Map.entry("drums", Instrument.DRUM));
    private static final Map<String, Instrument> TEXTURES = Map.of("rain", Instrument.RAIN, "rainfall", Instrument.RAIN,
            "raining", Instrument.RAIN, "wind", Instrument.WIND, "windy", Instrument.WIND, "breeze", Instrument.WIND,
            "ocean", Instrument.OCEAN, "waves", Instrument.OCEAN, "sea", Instrument.OCEAN, "surf", Instrument.OCEAN);
    private static final Map<String, Form> FORMS = Map.ofEntries(Map.entry("melody", Form.MELODY),
            Map.entry("tune", Form.MELODY), Map.entry("song", Form.MELODY), Map.entry("arpeggio", Form.ARPEGGIO),
            Map.entry("arpeggios", Form.ARPEGGIO), Map.entry("arpeggiated", Form.ARPEGGIO), Map.entry("chords", Form.CHORDS),
            Map.entry("chord", Form.CHORDS), Map.entry("progression", Form.CHORDS), Map.entry("scale", Form.SCALE),
            Map.entry("note", Form.NOTE), Map.entry("tone", Form.NOTE), Map.entry("beep", Form.NOTE),
            Map.entry("ding", Form.NOTE), Map.entry("ping", Form.NOTE), Map.entry("drone", Form.DRONE));
    private static final Map<String, Integer> MODES = Map.of("major", 0, "ionian", 0, "dorian", 1, "phrygian", 2,
            "lydian", 3, "mixolydian", 4, "minor", 5, "aeolian", 5, "locrian", 6);
    private static final int[][] MODE_STEPS = {
            {0, 2, 4, 5, 7, 9, 11}, {0, 2, 3, 5, 7, 9, 10}, {0, 1, 3, 5, 7, 8, 10}, {0, 2, 4, 6, 7, 9, 11},
            {0, 2, 4, 5, 7, 9, 10}, {0, 2, 3, 5, 7, 8, 10}, {0, 1, 3, 5, 6, 8, 10}};
    private static final Pattern NUMBER_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)([a-z]*)");
    private static final Pattern PITCH = Pattern.compile("([a-g])(#|b|sharp|flat)?(-?\\d)");

    enum Form { MELODY, ARPEGGIO, CHORDS, SCALE, NOTE, DRONE }

    private PromptParser() {
    }

    public static PromptResult parse(String prompt) {
        return parse(prompt, false);
    }

    /** In strict mode an unknown word is an {@code INVALID_ARGUMENT} naming it. */
    public static PromptResult parse(String prompt, boolean strict) {
        if (prompt == null || prompt.isBlank()) {
            throw AtelierException.invalidArgument("prompt", "the prompt is empty");
        }
        if (prompt.length() > MAX_CHARS) {
            throw AtelierException.invalidArgument("prompt", "a prompt may be at most " + MAX_CHARS + " characters");
        }
        Reading r = new Reading();
        List<String> words = tokens(prompt);
        for (int i = 0; i < words.size(); i++) {
            i = r.read(words, i);
        }
        if (strict && !r.unknown.isEmpty()) {
            throw AtelierException.invalidArgument("prompt", "unknown words in the prompt: " + r.unknown
                    + " (see docs/AUDIO.md for the words understood)");
        }
        return r.build(prompt);
    }

    static List<String> tokens(String prompt) {
        String s = prompt.toLowerCase(Locale.ROOT).replace('♯', '#').replace('♭', 'b');
        List<String> out = new ArrayList<>();
        for (String t : s.split("[^a-z0-9#.\\-]+")) {
            t = t.replaceAll("^[.\\-]+|[.\\-]+$", "");
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** What has been understood so far. */
    private static final class Reading {
        Instrument instrument;
        final List<Instrument> textures = new ArrayList<>();
        Form form;
        Integer tonic;
        Integer mode;
        Double bpm;
        Double seconds;
        Double hz;
        Integer pitch;
        int octaveShift;
        double velocity = 0.75;
        Double moodTempo;
        Integer moodMode;
        double density = 1;
        final Set<String> unknown = new LinkedHashSet<>();
        final List<String> understood = new ArrayList<>();

        /** Reads the word at i (and any it needs after it); returns the index of the last word used. */
        int read(List<String> w, int i) {
            String t = w.get(i);
            String next = i + 1 < w.size() ? w.get(i + 1) : "";
            // Numbers with a unit, attached ("80bpm") or separate ("80 bpm").
            Matcher num = NUMBER_UNIT.matcher(t);
            if (num.matches()) {
                double v = Double.parseDouble(num.group(1));
                String unit = num.group(2).isEmpty() ? next : num.group(2);
                int used = num.group(2).isEmpty() ? i + 1 : i;
                switch (unit) {
                    case "bpm" -> bpm = check(v, 20, 400, "tempo");
                    case "hz", "hertz" -> hz = check(v, 8, 12_000, "frequency");
                    case "khz" -> hz = check(v * 1000, 8, 12_000, "frequency");
                    case "s", "sec", "secs", "second", "seconds" -> seconds = check(v, 0.1, MAX_SECONDS, "duration");
                    case "ms" -> seconds = check(v / 1000, 0.1, MAX_SECONDS, "duration");
                    case "min", "mins", "minute", "minutes" -> seconds = check(v * 60, 0.1, MAX_SECONDS, "duration");
                    default -> {
                        unknown.add(t);
                        return i;
                    }
                }
                understood.add(t + (used > i ? " " + next : ""));
                return used;
            }
            // A key: letter [accidental] mode, e.g. "d minor", "f# major", "e flat minor", "bb".
            Integer keyEnd = key(w, i);
            if (keyEnd != null) {
                return keyEnd;
            }
            Matcher p = PITCH.matcher(t);
            if (p.matches()) {
                String acc = p.group(2) == null ? "" : p.group(2).startsWith("s") || p.group(2).equals("#") ? "#" : "b";
                pitch = PitchNames.midi(p.group(1).toUpperCase(Locale.ROOT) + acc + p.group(3), "prompt");
                understood.add(t);
                return i;
            }
            if (INSTRUMENTS.containsKey(t)) {
                // "plucked string(s)" and "string(s)" alone: "string" is filler after "plucked".
                instrument = INSTRUMENTS.get(t);
            } else if ((t.equals("string") || t.equals("strings")) && instrument == null) {
                instrument = Instrument.STRINGS;
            } else if (TEXTURES.containsKey(t)) {
                if (!textures.contains(TEXTURES.get(t))) {
                    textures.add(TEXTURES.get(t));
                }
            } else if (FORMS.containsKey(t)) {
                form = FORMS.get(t);
            } else if (MODES.containsKey(t)) {
                mode = MODES.get(t); // bare mode: tonic chosen in build()
            } else if (Set.of("calm", "gentle", "soft", "slow", "peaceful", "relaxing", "quiet", "soothing", "dreamy")
                    .contains(t)) {
                moodTempo = 72.0;
                velocity = 0.55;
            } else if (Set.of("happy", "bright", "cheerful", "joyful", "sunny").contains(t)) {
                moodMode = 0;
                moodTempo = moodTempo == null ? 120.0 : moodTempo;
            } else if (Set.of("sad", "dark", "melancholic", "melancholy", "gloomy").contains(t)) {
                moodMode = 5;
                moodTempo = moodTempo == null ? 70.0 : moodTempo;
            } else if (Set.of("fast", "lively", "energetic", "upbeat", "quick").contains(t)) {
                moodTempo = 150.0;
            } else if (t.equals("loud")) {
                velocity = 0.95;
            } else if (t.equals("high")) {
                octaveShift = 1;
            } else if (t.equals("low") || t.equals("deep")) {
                octaveShift = -1;
            } else if (t.equals("heavy")) {
                density = 3;
            } else if (t.equals("light")) {
                density = 0.4;
            } else if (FILLER.contains(t)) {
                return i;
            } else {
                unknown.add(t);
                return i;
            }
            understood.add(t);
            return i;
        }

        private Integer key(List<String> w, int i) {
            String t = w.get(i);
            if (t.length() > 2 || t.isEmpty() || t.charAt(0) < 'a' || t.charAt(0) > 'g') {
                return null;
            }
            String acc = t.length() == 2 ? t.substring(1) : "";
            if (!acc.isEmpty() && !acc.equals("#") && !acc.equals("b")) {
                return null;
            }
            int j = i + 1;
            if (acc.isEmpty() && j < w.size() && (w.get(j).equals("sharp") || w.get(j).equals("flat"))) {
                acc = w.get(j).equals("sharp") ? "#" : "b";
                j++;
            }
            boolean hasMode = j < w.size() && MODES.containsKey(w.get(j));
            boolean afterIn = i > 0 && (w.get(i - 1).equals("in") || w.get(i - 1).equals("of"));
            // "a" is an article unless a mode or accidental follows it after "in" ("in a minor", "in a flat").
            if (t.equals("a") && !(afterIn && (hasMode || !acc.isEmpty()))) {
                return null;
            }
            if (!hasMode && !afterIn && acc.isEmpty()) {
                // A lone letter before a form word still names the key: "a C arpeggio".
                if (!(j < w.size() && FORMS.containsKey(w.get(j)))) {
                    return null;
                }
            }
            tonic = PitchNames.pitchClass(t.substring(0, 1).toUpperCase(Locale.ROOT) + acc, "prompt");
            if (hasMode) {
                mode = MODES.get(w.get(j));
                understood.add(String.join(" ", w.subList(i, j + 1)));
                return j;
            }
            understood.add(String.join(" ", w.subList(i, j)));
            return j - 1;
        }

        private static double check(double v, double min, double max, String what) {
            if (!(v >= min && v <= max)) {
                throw AtelierException.invalidArgument("prompt", what + " must be between " + min + " and " + max
                        + ", got " + v);
            }
            return v;
        }

        PromptResult build(String prompt) {
            boolean musical = instrument != null || form != null || tonic != null || hz != null || pitch != null
                    || mode != null || moodMode != null;
            if (!musical && textures.isEmpty()) {
                throw AtelierException.invalidArgument("prompt", "nothing in the prompt names a sound: say an"
                        + " instrument (piano, bell, …), a form (melody, arpeggio, …) or a texture (rain, wind, ocean)"
                        + (unknown.isEmpty() ? "" : "; unknown words: " + unknown));
            }
            Form f = form != null ? form : hz != null || pitch != null ? Form.NOTE
                    : instrument == Instrument.BELL ? Form.NOTE : musical ? Form.MELODY : null;
            int m = mode != null ? mode : moodMode != null ? moodMode : 0;
            int root = tonic != null ? tonic : (m == 5 && mode != null ? 9 : 0); // bare "minor": A minor
            double tempo = bpm != null ? bpm : moodTempo != null ? moodTempo : 100;
            double length = seconds != null ? seconds : f == null ? 10 : switch (f) {
                case MELODY, CHORDS -> 8;
                case ARPEGGIO, SCALE -> 4;
                case NOTE, DRONE -> 3;
            };
            AudioLimits.checkSeconds(length, "duration");
            Instrument voice = instrument != null ? instrument : f == Form.CHORDS || f == Form.DRONE ? Instrument.PAD
                    : Instrument.PIANO;
            Random random = new Random(prompt.strip().toLowerCase(Locale.ROOT).hashCode());
            List<Part> parts = new ArrayList<>();
            String what = "";
            if (f != null) {
                double beat = 60 / tempo;
                double release = voice.patch().amplitude().release();
                double end = Math.max(beat / 2, length - release - 0.05); // notes let go before the cut
                int base = 60 + root + 12 * octaveShift;
                List<Note> notes = switch (f) {
                    case NOTE, DRONE -> List.of(single(base, end));
                    case ARPEGGIO -> arpeggio(base, m, beat / 2, end);
                    case SCALE -> scale(base, m, beat, end);
                    case CHORDS -> chords(base - 12, m, beat * 4, end);
                    case MELODY -> melody(base, m, beat, end, random);
                };
                parts.add(new Part(voice.patch(), notes));
                what = voice.id() + " " + f.name().toLowerCase(Locale.ROOT)
                        + (f == Form.NOTE || f == Form.DRONE ? " at " + describePitch(notes.get(0))
                        : " in " + PitchNames.pitchClassName(root) + " " + modeName(m) + " at " + Math.round(tempo) + " bpm");
            }
            for (Instrument tex : textures) {
                parts.addAll(texture(tex, length, random));
                what += (what.isEmpty() ? "" : " with ") + tex.id();
            }
            String interpretation = String.format(Locale.ROOT, "%s for %.1f s", what, length);
            Score score = new Score(prompt.strip(), parts, DelaySettings.off(),
                    f != null ? ReverbSettings.room() : ReverbSettings.off());
            return new PromptResult(score, length, interpretation, new ArrayList<>(unknown));
        }

        private Note single(int base, double end) {
            if (hz != null) {
                return Note.atFrequency(0, hz, velocity, end);
            }
            return new Note(0, pitch != null ? pitch : base, velocity, end);
        }

        private List<Note> arpeggio(int base, int m, double step, double end) {
            int[] steps = MODE_STEPS[m];
            int[] pattern = {0, steps[2], steps[4], 12, steps[4], steps[2]}; // up the triad and back
            List<Note> notes = new ArrayList<>();
            for (int k = 0; k * step < end - 1e-9; k++) {
                notes.add(new Note(k * step, base + pattern[k % pattern.length], velocity, Math.min(step * 0.9, end - k * step)));
            }
            return notes;
        }

        private List<Note> scale(int base, int m, double step, double end) {
            List<Note> notes = new ArrayList<>();
            for (int k = 0; k * step < end - 1e-9; k++) {
                int degree = k % 15 <= 7 ? k % 15 : 14 - k % 15; // up an octave and down again
                notes.add(new Note(k * step, base + degreeSemitones(m, degree), velocity, Math.min(step * 0.9, end - k * step)));
            }
            return notes;
        }

        private List<Note> chords(int base, int m, double bar, double end) {
            int[] progression = {0, 3, 4, 0}; // I IV V I (i iv v i in minor)
            List<Note> notes = new ArrayList<>();
            for (int k = 0; k * bar < end - 1e-9; k++) {
                int degree = progression[k % progression.length];
                double d = Math.min(bar * 0.95, end - k * bar);
                for (int third = 0; third < 3; third++) {
                    notes.add(new Note(k * bar, base + degreeSemitones(m, degree + 2 * third), velocity * 0.8, d));
                }
            }
            return notes;
        }

        /**
         * A melody by a seeded random walk on the scale: steps of at most a third, quarters and
         * pairs of eighths, every 2-bar phrase (4/4) ending on a long tonic or fifth.
         */
        private List<Note> melody(int base, int m, double beat, double end, Random random) {
            List<Note> notes = new ArrayList<>();
            int degree = 0;
            double t = 0;
            int beatIndex = 0;
            while (t < end - 1e-9) {
                boolean phraseEnd = beatIndex % 8 == 6;
                double len;
                if (phraseEnd) {
                    degree = random.nextBoolean() ? 0 : 4;
                    len = 2 * beat;
                } else {
                    len = random.nextInt(3) == 0 ? beat / 2 : beat;
                    degree = Math.max(-3, Math.min(9, degree + random.nextInt(5) - 2));
                }
                double d = Math.min(len * 0.9, end - t);
                notes.add(new Note(t, base + degreeSemitones(m, degree), velocity * (beatIndex % 4 == 0 ? 1 : 0.85), d));
                t += len;
                if (len == beat / 2 && t < end - 1e-9) {
                    // The second eighth of the pair keeps the beat grid.
                    degree = Math.max(-3, Math.min(9, degree + (random.nextBoolean() ? 1 : -1)));
                    notes.add(new Note(t, base + degreeSemitones(m, degree), velocity * 0.8, Math.min(len * 0.9, end - t)));
                    t += len;
                }
                beatIndex += phraseEnd ? 2 : 1;
            }
            return notes;
        }

        private List<Part> texture(Instrument tex, double length, Random random) {
            List<Part> parts = new ArrayList<>();
            double release = tex.patch().amplitude().release();
            double held = Math.max(0.1, length - release);
            parts.add(new Part(tex.patch().withGain(tex.patch().gain() * Math.min(1.5, 0.6 + 0.3 * density)),
                    List.of(new Note(0, 69, velocity, held))));
            if (tex == Instrument.RAIN) {
                List<Note> drops = new ArrayList<>();
                double rate = 12 * density; // drops a second
                for (double t = random.nextDouble() / rate; t < length - 0.1; t += -Math.log(1 - random.nextDouble()) / rate) {
                    drops.add(new Note(t, 69, 0.3 + 0.5 * random.nextDouble(), 0.01));
                    if (drops.size() > 20_000) {
                        break;
                    }
                }
                if (!drops.isEmpty()) {
                    parts.add(new Part(Instrument.DROP.patch(), drops));
                }
            }
            return parts;
        }

        private static int degreeSemitones(int mode, int degree) {
            int[] steps = MODE_STEPS[mode];
            return Math.floorDiv(degree, 7) * 12 + steps[Math.floorMod(degree, 7)];
        }

        private static String modeName(int m) {
            return switch (m) {
                case 0 -> "major";
                case 5 -> "minor";
                default -> List.of("ionian", "dorian", "phrygian", "lydian", "mixolydian", "aeolian", "locrian").get(m);
            };
        }

        private static String describePitch(Note n) {
            return String.format(Locale.ROOT, "%.1f Hz (%s)", n.frequency(), PitchNames.name(n.pitch()));
        }
    }
}
