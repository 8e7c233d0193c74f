package dev.atelier.audio.abc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.audio.abc.AbcElement.Tone;
import dev.atelier.audio.score.Score;
import dev.atelier.audio.synth.Note;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class AbcParserTest {
    private static AbcTune tune(String body, String... headers) {
        StringBuilder sb = new StringBuilder("X:1\nT:Test\n");
        for (String h : headers) {
            sb.append(h).append('\n');
        }
        if (String.join("", headers).indexOf("K:") < 0) {
            sb.append("K:C\n");
        }
        return AbcParser.parseTune(sb + body + "\n", null);
    }

    private static List<Tone> tones(AbcTune t) {
        return t.elements().stream().filter(e -> e instanceof Tone).map(e -> (Tone) e).toList();
    }

    private static int[] pitches(AbcTune t) {
        return tones(t).stream().mapToInt(x -> x.pitches()[0]).toArray();
    }

    @Test
    void lettersOctavesAndAccidentals() {
        // C is middle C (60); c an octave up; ' and , shift octaves; ^ _ = sharp, flat, natural.
        assertArrayEquals(new int[] {60, 72, 84, 48, 61, 70, 60}, pitches(tune("C c c' C, ^C _B =C|", "L:1/4")));
    }

    @Test
    void keySignaturesSharpsFlatsAndModes() {
        assertArrayEquals(new int[] {66, 73}, pitches(tune("F c|", "K:D")));          // F#, C#
        assertArrayEquals(new int[] {70, 63}, pitches(tune("B E|", "K:Bb")));         // Bb, Eb
        assertArrayEquals(new int[] {65, 70}, pitches(tune("F B|", "K:Dm")));         // one flat: Bb
        assertArrayEquals(new int[] {65, 66}, pitches(tune("F ^F|", "K:G mix")));     // G mixolydian: no sharps
        assertArrayEquals(new int[] {71, 72}, pitches(tune("B c|", "K:D dor")));      // D dorian: none
        assertArrayEquals(new int[] {66, 73, 68}, pitches(tune("F c G|", "K:A")));    // three sharps
        assertArrayEquals(new int[] {63, 68}, pitches(tune("E A|", "K:Cm")));         // three flats
    }

    @Test
    void accidentalsLastToTheEndOfTheBar() {
        assertArrayEquals(new int[] {66, 66, 65}, pitches(tune("^F F | F|")));
        assertArrayEquals(new int[] {66, 65, 66}, pitches(tune("F =F | F|", "K:G")));
    }

    @Test
    void lengthsBrokenRhythmAndTuplets() {
        List<Tone> t = tones(tune("A2 A/2 A/ A// A3/2 | A>B A<B | (3ABc d|", "L:1/8"));
        String[] expected = {"1/4", "1/16", "1/16", "1/32", "3/16", "3/16", "1/16", "1/16", "3/16", "1/12", "1/12",
                "1/12", "1/8"};
        assertEquals(expected.length, t.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], t.get(i).length().toString(), "note " + i);
        }
    }

    @Test
    void defaultUnitLengthFollowsTheMeter() {
        assertEquals("1/8", tones(tune("A|", "M:6/8")).get(0).length().toString());
        assertEquals("1/16", tones(tune("A|", "M:2/4")).get(0).length().toString());
    }

    @Test
    void chordsTiesAndBarLengths() {
        AbcTune t = tune("[CEG]2 z2 A2-A2|\"Am\"A4 B4|", "L:1/8", "M:4/4");
        Tone chord = tones(t).get(0);
        assertArrayEquals(new int[] {60, 64, 67}, chord.pitches());
        assertTrue(tones(t).get(1).tie());
        assertEquals(2, t.bars().size());
        assertTrue(t.bars().stream().allMatch(AbcTune.BarLength::matches));
        // Played out: the tie makes one note of A lasting 4 eighths.
        Score s = AbcArranger.arrange(t, AbcArranger.Options.defaults().withTempo(120.0));
        List<Note> melody = s.parts().get(0).notes();
        Note tiedA = melody.stream().filter(n -> n.pitch() == 69).findFirst().orElseThrow();
        assertEquals(1.0, tiedA.duration(), 1e-9); // 4 eighths at 120 quarters a minute
        assertEquals(1.0, tiedA.time(), 1e-9);
    }

    @Test
    void repeatsAndEndingsArePlayedOut() {
        // |: A B [1 c :| [2 d || e  ->  A B c A B d e
        AbcTune t = tune("|:A B |[1 c :|[2 d || e|", "L:1/4");
        Score s = AbcArranger.arrange(t, AbcArranger.Options.defaults().withTempo(60.0));
        int[] played = s.parts().get(0).notes().stream().mapToInt(Note::pitch).toArray();
        assertArrayEquals(new int[] {69, 71, 72, 69, 71, 74, 76}, played);
        // At 60 quarters a minute each quarter lasts a second.
        assertEquals(6.0, s.parts().get(0).notes().get(6).time(), 1e-9);
    }

    @Test
    void chordSymbolsBecomeAccompaniment() {
        AbcTune t = tune("\"G\"G2 B2|\"D7/f+\"A4|", "L:1/8", "M:2/4");
        Score s = AbcArranger.arrange(t, AbcArranger.Options.defaults().withTempo(120.0));
        assertEquals(3, s.parts().size());
        int[] chordPitches = s.parts().get(1).notes().stream().mapToInt(Note::pitch).toArray();
        assertArrayEquals(new int[] {55, 59, 62, 50, 54, 57, 60}, chordPitches); // G B D, D F# A C
        int[] bass = s.parts().get(2).notes().stream().mapToInt(Note::pitch).toArray();
        assertArrayEquals(new int[] {43, 42}, bass); // G, then F# under D7
    }

    @Test
    void malformedAbcIsAnInvalidArgumentWithLineAndColumn() {
        for (String bad : new String[] {"A B & C|", "\"G A B|", "[CEG", "A (1B|", "^ |", "!trill A|"}) {
            AtelierException e = assertThrows(AtelierException.class, () -> tune(bad));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("line"), e.getMessage());
        }
        assertThrows(AtelierException.class, () -> AbcParser.parseBook("X:1\nT:no key\nABC|\n"));
        assertThrows(AtelierException.class, () -> tune("A|", "M:7", "K:C"));
        assertThrows(AtelierException.class, () -> tune("A|", "K:H"));
        assertThrows(AtelierException.class, () -> tune("c''''''''|"));
        assertThrows(AtelierException.class, () -> AbcParser.parseBook(""));
    }
}
