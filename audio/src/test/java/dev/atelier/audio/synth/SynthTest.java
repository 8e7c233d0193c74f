package dev.atelier.audio.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.audio.Clip;
import dev.atelier.audio.analysis.FrequencyEstimator;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SynthTest {
    private static final int SR = 48_000;

    private static Synth dry(int voices) {
        return new Synth(SynthSettings.dry(SR).withVoices(voices));
    }

    @Test
    void a4RendersA440HzFundamental() {
        for (Waveform w : new Waveform[] {Waveform.SINE, Waveform.SAW, Waveform.SQUARE, Waveform.TRIANGLE}) {
            Clip clip = dry(8).render(Patch.of(w), List.of(new Note(0, 69, 0.8, 1.0)));
            float[] left = clip.channel(0);
            double f = FrequencyEstimator.peakFrequency(left, SR / 10, SR / 2, SR, 50, 2000);
            assertEquals(440.0, f, 0.01, w.name());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {8_000, 22_050, 44_100, 96_000})
    void everySampleRateRendersInTuneAndInBounds(int sr) {
        Synth synth = new Synth(SynthSettings.dry(sr).withReverb(ReverbSettings.room())
                .withDelay(new DelaySettings(0.1, 0.3, 0.2)));
        Clip clip = new Synth(SynthSettings.dry(sr)).render(Patch.of(Waveform.SAW), List.of(new Note(0, 69, 0.8, 1.0)));
        assertEquals(sr, clip.sampleRate());
        double f = FrequencyEstimator.peakFrequency(clip.channel(0), sr / 10, sr / 2, sr, 50, 1000);
        assertEquals(440.0, f, 0.01, "at " + sr + " Hz");
        for (Patch p : new Patch[] {Patch.lead(), Patch.pluck(), Patch.pad(), Patch.of(Waveform.PINK_NOISE),
                Patch.of(Waveform.WHITE_NOISE), Patch.of(Waveform.TRIANGLE)}) {
            Clip c = synth.render(p, List.of(new Note(0, 60, 1, 0.3), new Note(0.1, 64, 1, 0.3)));
            assertTrue(c.peak() <= 1.0 && c.rms() > 1e-3, p + " at " + sr + ": peak " + c.peak() + " rms " + c.rms());
        }
    }

    @Test
    void notesStartOnTheirSampleAndEndAfterTheirRelease() {
        Patch p = Patch.of(Waveform.SAW).withAmplitude(new Envelope(0.01, 0, 1, 0.1));
        Clip clip = dry(4).render(p, List.of(new Note(0.25, 60, 1, 0.5)));
        float[] x = clip.channel(0);
        int on = (int) Math.round(0.25 * SR);
        for (int i = 0; i <= on; i++) {
            assertEquals(0f, x[i], "silent before the note-on sample (attack starts at 0)");
        }
        assertTrue(x[on + 1] != 0f, "sounds right after the note-on sample");
        int off = (int) Math.round(0.75 * SR);
        int releaseEnd = off + (int) Math.round(0.1 * SR);
        assertEquals(releaseEnd, x.length, 1, "the clip ends with the release");
        assertEquals(0f, x[x.length - 1], 1e-3);
    }

    @Test
    void twoOverlappingNotesAreBothPresent() {
        // C4 from 0 to 1 s, G4 from 0.5 to 1.5 s.
        Clip clip = dry(8).render(Patch.of(Waveform.SINE),
                List.of(new Note(0, 60, 0.8, 1.0), new Note(0.5, 67, 0.8, 1.0)));
        float[] x = clip.channel(0);
        double c4 = Note.frequency(60);
        double g4 = Note.frequency(67);
        int len = SR / 4;
        double gain = 0.8 * 0.5 * Math.sqrt(0.5); // velocity × patch gain × centre pan
        assertEquals(gain, PolyphonyTest.tone(x, SR / 8, len, c4), 0.01 * gain);
        assertTrue(PolyphonyTest.tone(x, SR / 8, len, g4) < 0.01 * gain, "G4 not yet");
        assertEquals(gain, PolyphonyTest.tone(x, 5 * SR / 8, len, c4), 0.01 * gain);
        assertEquals(gain, PolyphonyTest.tone(x, 5 * SR / 8, len, g4), 0.01 * gain);
        assertTrue(PolyphonyTest.tone(x, 9 * SR / 8, len, c4) < 0.01 * gain, "C4 over");
    }

    @Test
    void polyphonyLimitStealsWithoutClicks() {
        // Eight overlapping sines through a 3-voice synth: five steals, none audible as a step.
        Patch p = Patch.of(Waveform.SINE).withAmplitude(new Envelope(0.005, 0, 1, 0.3)).withGain(0.3);
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            notes.add(new Note(0.1 * i + 0.013, 60 + 2 * i, 1.0, 2.0));
        }
        Clip clip = dry(3).render(p, notes);
        float[] x = clip.channel(0);
        double maxHz = Note.frequency(74);
        // Three held sines plus a fading one, each with its 5 ms ramp: the largest honest step.
        double bound = 0.3 * Math.sqrt(0.5) * 4 * (2 * Math.PI * maxHz / SR + 1.0 / 240);
        double jump = PolyphonyTest.maxJump(x, 1, x.length);
        System.out.printf("synth steals: largest step %.4f (bound %.4f)%n", jump, bound);
        assertTrue(jump <= bound, "click: " + jump);
    }

    @Test
    void outputNeverExceedsFullScaleAndRendersRepeat() {
        Patch loud = Patch.lead().withGain(4);
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            notes.add(new Note(0.05 * i, 40 + 3 * i, 1.0, 1.0));
        }
        Synth synth = new Synth(SynthSettings.dry(SR).withReverb(ReverbSettings.room())
                .withDelay(new DelaySettings(0.2, 0.4, 0.3)));
        Clip a = synth.render(loud, notes);
        assertTrue(a.peak() <= 1.0, "peak " + a.peak());
        assertTrue(a.peak() > 0.9);
        Clip b = synth.render(loud, notes);
        assertArrayEquals(a.channel(0), b.channel(0));
        assertArrayEquals(a.channel(1), b.channel(1));
    }

    @Test
    void badScoresAreInvalidArgumentsBeforeAnyAllocation() {
        Patch p = Patch.of(Waveform.SAW);
        assertInvalid(() -> new Note(-1, 60, 1, 1));
        assertInvalid(() -> new Note(Double.NaN, 60, 1, 1));
        assertInvalid(() -> new Note(0, 128, 1, 1));
        assertInvalid(() -> new Note(0, -1, 1, 1));
        assertInvalid(() -> new Note(0, 60, 1.5, 1));
        assertInvalid(() -> new Note(0, 60, 1, 0));
        assertInvalid(() -> new Note(0, 60, 1, 1e12));
        assertInvalid(() -> new Note(1e9, 60, 1, 1));
        // Each note is legal, the score is not: 599.9 s + 1 s + release > 10 minutes.
        assertInvalid(() -> dry(4).render(p, List.of(new Note(599.9, 60, 1, 1))));
        // Above Nyquist at 8 kHz.
        assertInvalid(() -> new Synth(SynthSettings.dry(8_000)).render(p, List.of(new Note(0, 120, 1, 1))));
        assertInvalid(() -> SynthSettings.dry(7_999));
        assertInvalid(() -> SynthSettings.dry(200_000));
        assertInvalid(() -> SynthSettings.dry(SR).withVoices(0));
        assertInvalid(() -> SynthSettings.dry(SR).withVoices(10_000));
        assertInvalid(() -> dry(4).render(List.of()));
    }

    private static void assertInvalid(Executable e) {
        AtelierException ex = assertThrows(AtelierException.class, e);
        assertEquals(ErrorCode.INVALID_ARGUMENT, ex.code(), ex.getMessage());
    }
}
