package dev.atelier.audio.loudness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.audio.Clip;
import dev.atelier.core.error.AtelierException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoudnessTest {
    private static float[] sine(double hz, int sr, double seconds, double amplitude) {
        float[] x = new float[(int) Math.round(seconds * sr)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / sr));
        }
        return x;
    }

    @Test
    void kWeightingAt48kHzIsTheStandardsTable() {
        // ITU-R BS.1770-4, tables 1 and 2.
        KWeighting k = new KWeighting(48_000);
        assertArrayEquals(new double[] {1.53512485958697, -2.69169618940638, 1.19839281085285,
                -1.69065929318241, 0.73248077421585}, k.shelf, 1e-9);
        assertArrayEquals(new double[] {1, -2, 1, -1.99004745483398, 0.99007225036621}, k.highPass, 1e-9);
    }

    @ParameterizedTest
    @ValueSource(ints = {44_100, 48_000, 96_000})
    void aFullScale997HzSineInOneChannelReadsMinus3Point01(int sr) {
        float[] tone = sine(997, sr, 5, 1.0);
        double mono = LoudnessMeter.integrated(new Clip(sr, tone));
        double stereo = LoudnessMeter.integrated(new Clip(sr, tone, new float[tone.length]));
        System.out.printf("997 Hz at 0 dBFS, %d Hz: %.3f LKFS mono, %.3f stereo%n", sr, mono, stereo);
        assertEquals(-3.01, mono, 0.1);
        assertEquals(-3.01, stereo, 0.1);
    }

    @Test
    void gatingIgnoresSilence() {
        int sr = 48_000;
        float[] half = new float[10 * sr];
        System.arraycopy(sine(997, sr, 5, 0.1), 0, half, 0, 5 * sr);
        double tone = LoudnessMeter.integrated(new Clip(sr, sine(997, sr, 5, 0.1)));
        // The 47 blocks inside the tone pass both gates, and so do the 3 that straddle its end
        // (3/4, 1/2 and 1/4 full, all within 10 LU): mean power (47 + 1.5) / 50 of the tone's.
        // The 50 silent blocks fall under the absolute gate.
        assertEquals(tone + 10 * Math.log10(48.5 / 50), LoudnessMeter.integrated(new Clip(sr, half)), 0.01);
        assertEquals(Double.NEGATIVE_INFINITY, LoudnessMeter.integrated(new Clip(sr, new float[sr])));
    }

    @Test
    void truePeakSeesBetweenTheSamples() {
        // A sine at fs/4 sampled at 45°: every sample is ±0.707 of the true amplitude.
        int sr = 48_000;
        float[] x = new float[sr];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(Math.PI / 2 * i + Math.PI / 4);
        }
        Clip c = new Clip(sr, x);
        assertEquals(-3.01, c.peakDbfs(), 0.01);
        assertEquals(0, TruePeak.dbtp(c), 0.3);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-23, -14, -9})
    void normalisedOutputLandsOnTargetAndUnderTheCeiling(double target) {
        int sr = 48_000;
        float[] x = sine(440, sr, 4, 0.05);
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) (0.02 * Math.sin(2 * Math.PI * 3000 * i / sr)); // some treble too
        }
        LoudnessNormalizer.Result r = LoudnessNormalizer.normalize(new Clip(sr, x), target, -1);
        System.out.printf("target %.0f: %.2f LUFS, %.2f dBTP, limited %s%n", target, r.outputLufs(),
                r.outputTruePeakDbtp(), r.limited());
        assertEquals(target, r.outputLufs(), 0.5);
        assertEquals(r.outputLufs(), LoudnessMeter.integrated(r.clip()), 1e-9);
        assertTrue(r.outputTruePeakDbtp() <= -1 + 1e-6, "true peak " + r.outputTruePeakDbtp());
    }

    @Test
    void peaksThatTheGainWouldPushOverTheCeilingAreLimited() {
        int sr = 48_000;
        float[] x = sine(440, sr, 4, 0.05);
        for (int at = sr / 4; at < x.length; at += sr / 2) {
            for (int i = 0; i < 48; i++) {
                x[at + i] += (float) (0.9 * Math.sin(Math.PI * i / 48)); // a 1 ms bump
            }
        }
        LoudnessNormalizer.Result r = LoudnessNormalizer.normalize(new Clip(sr, x), -14, -1);
        System.out.printf("limited: %.2f LUFS, %.2f dBTP, limited %s%n", r.outputLufs(), r.outputTruePeakDbtp(), r.limited());
        assertTrue(r.limited());
        assertEquals(-14, r.outputLufs(), 0.5);
        assertTrue(r.outputTruePeakDbtp() <= -1 + 1e-6, "true peak " + r.outputTruePeakDbtp());
    }

    @Test
    void aLoudRenderedScoreStaysUnder0DbTruePeak() {
        // Twelve saws at full velocity on one beat: far over full scale before the limiter.
        java.util.List<dev.atelier.audio.synth.Note> notes = new java.util.ArrayList<>();
        for (int k = 0; k < 12; k++) {
            notes.add(new dev.atelier.audio.synth.Note(0.1, 40 + 3 * k, 1.0, 1.0));
        }
        dev.atelier.audio.synth.Patch loud = dev.atelier.audio.synth.Patch.of(dev.atelier.audio.synth.Waveform.SAW)
                .withGain(2);
        Clip clip = dev.atelier.audio.score.Score.dry("loud", java.util.List.of(
                new dev.atelier.audio.synth.Part(loud, notes))).render(44_100);
        System.out.printf("loud render: sample peak %.2f dBFS, true peak %.2f dBTP%n", clip.peakDbfs(), TruePeak.dbtp(clip));
        assertTrue(TruePeak.dbtp(clip) <= 0, "true peak " + TruePeak.dbtp(clip));
    }

    @Test
    void silenceCannotBeNormalised() {
        assertThrows(AtelierException.class, () -> LoudnessNormalizer.normalize(new Clip(48_000, new float[48_000])));
        assertThrows(AtelierException.class, () -> LoudnessNormalizer.normalize(new Clip(48_000, new float[48_000]),
                Double.NaN, -1));
    }
}
