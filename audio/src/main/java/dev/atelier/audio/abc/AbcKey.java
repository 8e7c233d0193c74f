package dev.atelier.audio.abc;

import dev.atelier.audio.score.PitchNames;
import dev.atelier.core.error.AtelierException;
import java.util.Locale;

/**
 * A key signature from a {@code K:} field: a tonic with an optional mode (major, minor, and the
 * church modes by their first three letters: ion, dor, phr, lyd, mix, aeo, loc), giving the
 * sharps or flats each letter carries. {@code K:none} and {@code K:} without tonic carry none.
 */
public record AbcKey(String name, int tonicPitchClass, String mode, int[] letterOffsets) {
    // Semitones of each mode's tonic above the relative major's tonic.
    private static final String[] MODES = {"ion", "dor", "phr", "lyd", "mix", "aeo", "loc"};
    private static final int[] MODE_DEGREE_SEMITONES = {0, 2, 4, 5, 7, 9, 11};
    // Order in which sharps are added (F C G D A E B) as letters A=0 … G=6.
    private static final int[] SHARP_ORDER = {5, 2, 6, 3, 0, 4, 1};

    public static AbcKey parse(String field) {
        String s = field == null ? "" : field.trim();
        // Clef and other name=value settings after the key do not change pitches.
        String[] words = s.split("\\s+");
        if (s.isEmpty() || words[0].equalsIgnoreCase("none") || words[0].startsWith("clef=")) {
            return new AbcKey("C", 0, "ion", new int[7]);
        }
        if (words[0].equals("HP") || words[0].equals("Hp")) {
            // Highland pipes: F and C sharp, written without signature for HP.
            int[] offsets = new int[7];
            if (words[0].equals("Hp")) {
                offsets[5] = 1;
                offsets[2] = 1;
            }
            return new AbcKey(words[0], 2, "mix", offsets);
        }
        String first = words[0];
        char letter = Character.toUpperCase(first.charAt(0));
        if (letter < 'A' || letter > 'G') {
            throw AtelierException.invalidArgument("key", "K: must start with a note letter A to G, got "
                    + AtelierException.quote(field));
        }
        int i = 1;
        String accidental = "";
        if (i < first.length() && (first.charAt(i) == '#' || first.charAt(i) == 'b')) {
            accidental = String.valueOf(first.charAt(i));
            i++;
        }
        String modeText = first.substring(i);
        if (modeText.isEmpty() && words.length > 1 && !words[1].contains("=") && Character.isLetter(words[1].charAt(0))) {
            modeText = words[1];
        }
        int modeIndex = modeIndex(modeText, field);
        int tonic = PitchNames.pitchClass(letter + accidental, "key");
        // The relative major's tonic, then its number of sharps on the circle of fifths.
        int major = Math.floorMod(tonic - MODE_DEGREE_SEMITONES[modeIndex], 12);
        int fifths = Math.floorMod(major * 7, 12); // C=0, G=1, D=2 … F=11
        // Choose the spelling with the fewer accidentals, but honour the written flat or sharp.
        int sharps = fifths > 6 || (fifths == 6 && accidental.equals("b")) ? fifths - 12 : fifths;
        if (accidental.equals("#") && sharps < 0 && sharps + 12 <= 7) {
            sharps += 12;
        }
        if (accidental.equals("b") && sharps > 0 && sharps - 12 >= -7) {
            sharps -= 12;
        }
        int[] offsets = new int[7];
        if (sharps > 0) {
            for (int k = 0; k < sharps && k < 7; k++) {
                offsets[SHARP_ORDER[k]] = 1;
            }
        } else {
            for (int k = 0; k < -sharps && k < 7; k++) {
                offsets[SHARP_ORDER[6 - k]] = -1;
            }
        }
        return new AbcKey(letter + accidental + (modeIndex == 0 ? "" : " " + MODES[modeIndex]), tonic,
                MODES[modeIndex], offsets);
    }

    private static int modeIndex(String modeText, String field) {
        String m = modeText.toLowerCase(Locale.ROOT);
        if (m.isEmpty() || m.startsWith("maj")) {
            return 0;
        }
        if (m.equals("m") || m.startsWith("min")) {
            return 5;
        }
        if (m.length() >= 3) {
            String three = m.substring(0, 3);
            for (int i = 0; i < MODES.length; i++) {
                if (MODES[i].equals(three)) {
                    return i;
                }
            }
        }
        throw AtelierException.invalidArgument("key", "unknown mode in K: " + AtelierException.quote(field)
                + "; use maj, m/min or ion, dor, phr, lyd, mix, aeo, loc");
    }

    /** The sharp (+1) or flat (−1) the signature puts on a letter A..G (0..6). */
    public int offset(int letter) {
        return letterOffsets[letter];
    }

    public boolean isMinor() {
        return mode.equals("aeo");
    }
}
