package dev.atelier.audio.score;

import dev.atelier.core.error.AtelierException;
import java.util.Locale;

/**
 * Scientific pitch names ↔ MIDI numbers: {@code C4} is middle C (60), {@code A4} is 69; sharps
 * are {@code #}, flats {@code b}; octaves −1 to 9.
 */
public final class PitchNames {
    private static final String[] SHARP_NAMES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
    private static final int[] LETTER_SEMITONES = {9, 11, 0, 2, 4, 5, 7}; // A B C D E F G

    private PitchNames() {
    }

    /** The pitch class (0 = C … 11 = B) of a letter with optional accidentals: "C", "F#", "Bb". */
    public static int pitchClass(String name, String param) {
        String s = name == null ? "" : name.trim();
        if (s.isEmpty()) {
            throw AtelierException.invalidArgument(param, "empty note name");
        }
        char letter = Character.toUpperCase(s.charAt(0));
        if (letter < 'A' || letter > 'G') {
            throw AtelierException.invalidArgument(param, "not a note name: " + AtelierException.quote(name));
        }
        int pc = LETTER_SEMITONES[letter - 'A'];
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '#' || c == '♯') {
                pc++;
            } else if (c == 'b' || c == '♭') {
                pc--;
            } else {
                throw AtelierException.invalidArgument(param, "not a note name: " + AtelierException.quote(name));
            }
        }
        return Math.floorMod(pc, 12);
    }

    /** The MIDI number of a name such as "C4", "F#3", "Bb5", "C-1". */
    public static int midi(String name, String param) {
        String s = name == null ? "" : name.trim();
        int split = 1;
        while (split < s.length() && (s.charAt(split) == '#' || s.charAt(split) == 'b'
                || s.charAt(split) == '♯' || s.charAt(split) == '♭')) {
            split++;
        }
        if (s.isEmpty() || split >= s.length()) {
            throw AtelierException.invalidArgument(param, "a pitch name needs a letter and an octave, like C4: got "
                    + AtelierException.quote(name));
        }
        int octave;
        try {
            octave = Integer.parseInt(s.substring(split));
        } catch (NumberFormatException e) {
            throw AtelierException.invalidArgument(param, "bad octave in " + AtelierException.quote(name));
        }
        int midi = (octave + 1) * 12 + pitchClass(s.substring(0, split), param);
        if (octave < -1 || octave > 9 || midi < 0 || midi > 127) {
            throw AtelierException.invalidArgument(param, "pitch " + AtelierException.quote(name)
                    + " is outside the MIDI range C-1 to G9");
        }
        return midi;
    }

    /** "C4", "F#3": the sharp spelling of a MIDI number. */
    public static String name(int midi) {
        return SHARP_NAMES[Math.floorMod(midi, 12)] + (Math.floorDiv(midi, 12) - 1);
    }

    public static String pitchClassName(int pitchClass) {
        return SHARP_NAMES[Math.floorMod(pitchClass, 12)];
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
