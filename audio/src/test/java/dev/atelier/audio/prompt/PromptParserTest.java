package dev.atelier.audio.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.audio.Clip;
import dev.atelier.audio.analysis.Fft;
import dev.atelier.audio.dsp.OnsetDetector;
import dev.atelier.audio.dsp.PitchMethod;
import dev.atelier.audio.dsp.PitchTracker;
import dev.atelier.audio.synth.Note;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PromptParserTest {
    private static final int SR = 44_100;
    private static final PitchTracker YIN = new PitchTracker(PitchMethod.YIN, 2048, 256);

    private static double cents(double hz, double want) {
        return 1200 * Math.log(hz / want) / Math.log(2);
    }

    @Test
    void aBellAt880HzRingsAt880Hz() {
        PromptResult r = PromptParser.parse("a bell at 880 Hz");
        assertEquals(List.of(), r.unknownWords());
        Clip clip = r.render(SR);
        assertEquals(3.0, clip.durationSeconds(), 1.0 / SR);
        double hz = YIN.medianHz(clip, 0.05, 1.0);
        System.out.printf("bell: %.3f Hz (%s)%n", hz, r.interpretation());
        assertEquals(0, cents(hz, 880), 1.0);
    }

    @Test
    void anyFrequencyIsPlayedExactlyNotRoundedToANote() {
        Clip clip = PromptParser.parse("a sine tone at 1000 hz for 1 second").render(SR);
        assertEquals(0, cents(YIN.medianHz(clip, 0.1, 0.8), 1000), 1.0);
    }

    @Test
    void aCMajorArpeggioOnAPluckedStringPlaysCEG() {
        PromptResult r = PromptParser.parse("a C major arpeggio on a plucked string");
        assertEquals(List.of(), r.unknownWords());
        List<Note> notes = r.score().parts().get(0).notes();
        Set<Integer> classes = notes.stream().map(n -> n.pitch() % 12).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(0, 4, 7), classes);
        // And the audio says so: each of the first notes sounds at its pitch class (the reverb of the
        // note before still rings under it, so this is a note-name check, not a cents check).
        Clip clip = r.render(SR);
        String[] names = {"C", "E", "G"};
        for (int i = 0; i < 3; i++) {
            Note n = notes.get(i);
            double hz = YIN.medianHz(clip, n.time() + 0.02, n.time() + n.duration() - 0.02);
            double midi = 69 + 12 * Math.log(hz / 440) / Math.log(2);
            assertEquals(new int[] {0, 4, 7}[i], Math.floorMod(Math.round(midi), 12), names[i] + " at " + hz + " Hz");
        }
    }

    @Test
    void aCalmPianoMelodyInDMinorAt80BpmFor10Seconds() {
        PromptResult r = PromptParser.parse("a calm piano melody in D minor at 80 bpm for 10 seconds");
        assertEquals(List.of(), r.unknownWords());
        Clip clip = r.render(SR);
        assertEquals(10.0, clip.durationSeconds(), 1.0 / SR);
        List<Note> notes = r.score().parts().get(0).notes();
        Set<Integer> dMinor = Set.of(2, 4, 5, 7, 9, 10, 0);
        double beat = 60.0 / 80;
        for (Note n : notes) {
            assertTrue(dMinor.contains(n.pitch() % 12), "not in D minor: " + n.pitch());
            double beats = n.time() / (beat / 2);
            assertEquals(Math.round(beats), beats, 1e-9, "off the 80 bpm grid: " + n.time());
        }
        // The audio follows the score: notes start where written.
        List<Double> onsets = OnsetDetector.defaults().detect(clip);
        int matched = 0;
        for (Note n : notes) {
            if (onsets.stream().anyMatch(o -> Math.abs(o - n.time()) <= 0.010)) {
                matched++;
            }
        }
        System.out.printf("melody: %d notes, %d onsets detected, %d notes matched within 10 ms (%s)%n",
                notes.size(), onsets.size(), matched, r.interpretation());
        assertTrue(matched >= 0.9 * notes.size(), matched + " of " + notes.size());
    }

    @Test
    void rainIsBroadbandNoise() {
        PromptResult r = PromptParser.parse("rain");
        assertEquals(List.of(), r.unknownWords());
        Clip clip = r.render(SR);
        assertEquals(10.0, clip.durationSeconds(), 1.0 / SR);
        float[] x = clip.mono().channel(0);
        assertTrue(clip.rmsDbfs() > -40, "rain is audible");
        // Mostly above 1 kHz, and no pitch: YIN finds no stable period.
        double[] re = new double[65_536];
        for (int i = 0; i < re.length; i++) {
            re[i] = x[SR + i];
        }
        double[] mag = Fft.magnitudes(re);
        double low = 0;
        double high = 0;
        for (int k = 1; k < mag.length; k++) {
            double hz = (double) k * SR / re.length;
            if (hz < 1000) {
                low += mag[k] * mag[k];
            } else {
                high += mag[k] * mag[k];
            }
        }
        assertTrue(high > 5 * low, "rain energy above 1 kHz");
    }

    @Test
    void unknownWordsAreReportedAndStrictModeRefusesThem() {
        PromptResult r = PromptParser.parse("a purple bell at 880 Hz, wobbly");
        assertEquals(List.of("purple", "wobbly"), r.unknownWords());
        AtelierException e = assertThrows(AtelierException.class,
                () -> PromptParser.parse("a purple bell at 880 Hz", true));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("purple"));
    }

    @Test
    void badPromptsAreInvalidArguments() {
        for (String bad : new String[] {"", "   ", "x".repeat(600), "the of a", "a bell at 99999 hz",
                "a piano melody for 9999 seconds", "a melody at 0 bpm"}) {
            AtelierException e = assertThrows(AtelierException.class, () -> PromptParser.parse(bad), bad);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        }
    }

    @Test
    void keysModesAndTempoWords() {
        assertTrue(PromptParser.parse("a sad flute tune in f sharp minor").interpretation().contains("F# minor"));
        assertTrue(PromptParser.parse("organ chords in Bb major at 60 bpm").interpretation().contains("A# major at 60 bpm"));
        assertTrue(PromptParser.parse("a minor melody").interpretation().contains("A minor"));
        assertTrue(PromptParser.parse("a scale in e dorian").interpretation().contains("E dorian"));
    }
}
