package dev.atelier.audio.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.audio.Clip;
import dev.atelier.audio.analysis.FrequencyEstimator;
import dev.atelier.core.error.AtelierException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class DspTest {
    private static final int SR = 44_100;

    @ParameterizedTest
    @EnumSource(PitchMethod.class)
    void yinAndMpmFind440HzWithinOneHertz(PitchMethod method) {
        Clip sine = new Clip(SR, Signals.sine(440, SR, 1, 0.5));
        double hz = PitchTracker.of(method).medianHz(sine, 0, 1);
        System.out.printf("%s on a 440 Hz sine: %.4f Hz%n", method, hz);
        assertEquals(440, hz, 1.0);
        double rich = PitchTracker.of(method).track(Signals.harmonic(220, SR, 1), SR).medianHz(0, 1);
        assertEquals(220, rich, 1.0);
    }

    @Test
    void onsetsOfClicksAreFoundAtTheirTimes() {
        double[] times = {0.25, 0.6, 1.0, 1.37, 1.8};
        float[] x = new float[(int) (2.2 * SR)];
        for (double t : times) {
            int at = (int) Math.round(t * SR);
            // A click: a 3 ms decaying burst of a 2 kHz tone.
            for (int i = 0; i < 0.03 * SR; i++) {
                x[at + i] += (float) (0.8 * Math.exp(-i / (0.003 * SR)) * Math.sin(2 * Math.PI * 2000 * i / SR));
            }
        }
        List<Double> found = OnsetDetector.defaults().detect(x, SR);
        System.out.println("click onsets: " + found);
        assertEquals(times.length, found.size(), found::toString);
        for (int i = 0; i < times.length; i++) {
            assertEquals(times[i], found.get(i), 0.01, "onset " + i);
        }
    }

    @Test
    void timeStretchChangesDurationButNotPitch() {
        Clip tone = new Clip(SR, Signals.harmonic(330, SR, 2));
        for (double factor : new double[] {0.5, 1.5, 2}) {
            Clip out = TimeStretch.stretch(tone, factor);
            assertEquals(2 * factor, out.durationSeconds(), 1.0 / SR);
            double hz = PitchTracker.of(PitchMethod.YIN).medianHz(out, 0.1, out.durationSeconds() - 0.1);
            System.out.printf("stretch ×%.1f: %.3f s, pitch %.2f Hz%n", factor, out.durationSeconds(), hz);
            assertEquals(330, hz, 330 * 0.003); // 5 cents
            // Not silence: energy kept within a factor of two.
            assertTrue(out.rms() > tone.rms() * 0.5 && out.rms() < tone.rms() * 2, "rms " + out.rms());
        }
    }

    @Test
    void pitchShiftMovesPitchByTheRatio() {
        Clip tone = new Clip(SR, Signals.harmonic(220, SR, 2));
        for (double ratio : new double[] {1.5, Math.pow(2, 4 / 12.0), 0.75}) {
            Clip out = PitchShift.shift(tone, ratio);
            assertEquals(tone.frames(), out.frames());
            double hz = PitchTracker.of(PitchMethod.YIN).medianHz(out, 0.2, 1.8);
            System.out.printf("shift ×%.4f: %.2f Hz (want %.2f)%n", ratio, hz, 220 * ratio);
            assertEquals(220 * ratio, hz, 220 * ratio * 0.006); // 10 cents
        }
    }

    @Test
    void resamplingKeepsFrequencyAndLength() {
        Clip tone = new Clip(48_000, Signals.sine(1000, 48_000, 1, 0.5));
        Clip out = Resampling.resample(tone, 16_000);
        assertEquals(16_000, out.frames());
        float[] y = out.channel(0);
        double hz = FrequencyEstimator.peakFrequency(y, 1600, 12_800, 16_000, 100, 7000);
        assertEquals(1000, hz, 0.05);
        assertEquals(0.5 / Math.sqrt(2), rms(y, 1600, 14_400), 0.01);
    }

    @Test
    void mfccCentresAreAscendingAndEndAtNyquist() {
        int[] c = Mfcc.centreBins(1024, SR, 40, 133.33, SR / 2.0);
        assertEquals(42, c.length);
        assertEquals(512, c[41]);
        assertEquals(Math.round(133.33 / SR * 1024), c[0]);
        for (int i = 1; i < c.length; i++) {
            assertTrue(c[i] >= c[i - 1], "centres must ascend at " + i);
        }
        assertTrue(c[40] > 400, "the last band's centre is near Nyquist, not 0");
    }

    @Test
    void mfccOfDoubledAmplitudeShiftsOnlyC0ByBandsTimesLn2() {
        Mfcc mfcc = Mfcc.defaults(SR);
        float[] quiet = Signals.harmonic(440, SR, 0.5);
        float[] loud = quiet.clone();
        for (int i = 0; i < loud.length; i++) {
            loud[i] *= 2;
        }
        float[] a = mfcc.compute(quiet, SR).get(5);
        float[] b = mfcc.compute(loud, SR).get(5);
        // log(2·m) = log m + ln 2 in each of 40 bands; the DCT's k=0 row sums them, the others cancel.
        assertEquals(40 * Math.log(2), b[0] - a[0], 1e-2);
        for (int k = 1; k < a.length; k++) {
            assertEquals(a[k], b[k], 2e-3, "c" + k);
        }
    }

    @Test
    void mfccMatchesAnIndependentComputation() {
        float[] x = Signals.harmonic(300, SR, 0.2);
        int n = 1024;
        float[] frame = new float[n];
        System.arraycopy(x, 2048, frame, 0, n); // frame 4 at hop 512
        float[] got = new Mfcc(n, 512, 13, 40, 133.33, SR / 2.0).compute(x, SR).get(4);
        float[] want = Reference.mfcc(frame, SR, 13, 40, 133.33);
        for (int k = 0; k < 13; k++) {
            assertEquals(want[k], got[k], Math.max(1e-3, Math.abs(want[k]) * 1e-3), "c" + k);
        }
    }

    @Test
    void wrappersPrintNothing() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true);
        System.setOut(capture);
        System.setErr(capture);
        try {
            Clip loud = new Clip(SR, Signals.harmonic(220, SR, 1));
            TimeStretch.stretch(loud, 1.3);
            PitchShift.shift(new Clip(SR, Signals.sine(220, SR, 1, 0.99)), 2);
            OnsetDetector.defaults().detect(loud);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", captured.toString());
    }

    @Test
    void badArgumentsAreRefused() {
        Clip c = new Clip(SR, new float[SR]);
        assertThrows(AtelierException.class, () -> TimeStretch.stretch(c, 0));
        assertThrows(AtelierException.class, () -> TimeStretch.stretch(c, Double.NaN));
        assertThrows(AtelierException.class, () -> PitchShift.shift(c, 10));
        assertThrows(AtelierException.class, () -> Resampling.resample(c, 1000));
        assertThrows(AtelierException.class, () -> new PitchTracker(PitchMethod.YIN, 1000, 10));
        assertArrayEquals(new float[0], new float[0]);
    }

    private static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return Math.sqrt(s / (to - from));
    }
}
