package dev.atelier.audio.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.audio.analysis.Fft;
import dev.atelier.core.error.AtelierException;
import org.junit.jupiter.api.Test;

class ChorusTest {
    private static final int SR = 48_000;

    /** Feeds {@code input} to both channels of a chorus and returns the left output. */
    private static float[] run(ChorusSettings s, float[] input) {
        Chorus chorus = new Chorus(SR, s);
        float[] out = new float[input.length];
        for (int pos = 0; pos < input.length; pos += UnitGenerator.BLOCK) {
            int n = Math.min(UnitGenerator.BLOCK, input.length - pos);
            // The ports are unconnected: write this block's input into their value arrays.
            float[] l = chorus.inputLeft.values();
            float[] r = chorus.inputRight.values();
            System.arraycopy(input, pos, l, 0, n);
            System.arraycopy(input, pos, r, 0, n);
            chorus.generate(n);
            System.arraycopy(chorus.outputLeft.values(), 0, out, pos, n);
        }
        return out;
    }

    @Test
    void withoutSweepTheWetSignalIsTheInputDelayed() {
        float[] x = new float[4800];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.01) * (float) Math.cos(i * 0.0037);
        }
        int delay = 96; // 2 ms
        float[] y = run(new ChorusSettings(delay / (double) SR, 0, 0, 0, 1), x);
        for (int i = delay; i < x.length; i++) {
            assertEquals(x[i - delay], y[i], 1e-6, "sample " + i);
        }
    }

    @Test
    void halfWetWithoutSweepIsACombWithNotchesAtOddMultiplesOfHalfTheInverseDelay() {
        // White-ish input: an impulse. y = (x + x delayed by 1 ms)/2 has zeros at 500, 1500, 2500 Hz.
        float[] x = new float[SR];
        x[0] = 1;
        float[] y = run(new ChorusSettings(0.001, 0, 0, 0, 0.5), x);
        double[] d = new double[y.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = y[i];
        }
        double[] mag = Fft.magnitudes(java.util.Arrays.copyOf(d, 32_768));
        double binHz = SR / 32_768.0;
        for (double notch : new double[] {500, 1500, 2500}) {
            assertTrue(mag[(int) Math.round(notch / binHz)] < 0.01, "notch at " + notch);
        }
        assertEquals(1.0, mag[(int) Math.round(1000 / binHz)], 0.01); // peaks in between: (1 + 1)/2
    }

    @Test
    void aSweepModulatesThePitchOfTheWetSignalAsTheDelaySlopePredicts() {
        // Wet-only chorus on a 1 kHz sine: instantaneous frequency f·(1 − d'(t)), d = D·sin(2π r t),
        // so it swings by f·D·2πr. Measure zero-crossing rates over short windows.
        double f = 1000;
        double depth = 0.003;
        double rate = 2;
        float[] x = new float[2 * SR];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * f * i / SR);
        }
        float[] y = run(new ChorusSettings(0.02, depth, rate, 0, 1), x);
        double lo = Double.MAX_VALUE;
        double hi = 0;
        int window = SR / 50; // 20 ms
        for (int start = SR / 10; start + window < y.length; start += window / 2) {
            // Upward zero crossings, placed between samples by linear interpolation.
            double first = -1;
            double last = -1;
            int crossings = 0;
            for (int i = start + 1; i < start + window; i++) {
                if (y[i - 1] < 0 && y[i] >= 0) {
                    double t = i - 1 + y[i - 1] / (double) (y[i - 1] - y[i]);
                    if (first < 0) {
                        first = t;
                    }
                    last = t;
                    crossings++;
                }
            }
            double hz = (crossings - 1) * (double) SR / (last - first);
            lo = Math.min(lo, hz);
            hi = Math.max(hi, hz);
        }
        double swing = f * depth * 2 * Math.PI * rate; // 37.7 Hz
        System.out.printf("chorus pitch swing: %.1f to %.1f Hz (predicted ±%.1f)%n", lo, hi, swing);
        assertEquals(f + swing, hi, 0.1 * swing);
        assertEquals(f - swing, lo, 0.1 * swing);
    }

    @Test
    void settingsAreChecked() {
        assertThrows(AtelierException.class, () -> new ChorusSettings(0.1, 0, 0, 0, 0.5));
        assertThrows(AtelierException.class, () -> new ChorusSettings(0.01, 0.02, 0, 0, 0.5));
        assertThrows(AtelierException.class, () -> new ChorusSettings(0.01, 0, 0, 1.2, 0.5));
    }
}
