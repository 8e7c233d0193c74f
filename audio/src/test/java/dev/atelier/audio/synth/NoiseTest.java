package dev.atelier.audio.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.audio.analysis.PowerSpectrum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NoiseTest {
    private static final int SR = 44_100;

    @ParameterizedTest
    @EnumSource(NoiseColor.class)
    void meanIsZero(NoiseColor color) {
        // 2^23 samples: for white noise the sample mean's spread is 0.58/√N = 2e-4, a fifth of the bar.
        Noise noise = new Noise(SR, color, 42);
        float[] x = Render.run(noise, noise.output, 1 << 23);
        double sum = 0;
        for (float v : x) {
            sum += v;
        }
        double mean = sum / x.length;
        System.out.printf("%s noise mean %.2e%n", color, mean);
        assertTrue(Math.abs(mean) < 1e-3, color + " mean " + mean);
    }

    @Test
    void whiteIsFlatAndPinkFallsThreeDbPerOctave() {
        int frames = 20 * SR;
        float[] white = run(NoiseColor.WHITE, SR, frames);
        float[] pink = run(NoiseColor.PINK, SR, frames);
        double whiteSlope = PowerSpectrum.welch(white, SR, 8192).slopeDbPerOctave(100, 10_000);
        double pinkSlope = PowerSpectrum.welch(pink, SR, 8192).slopeDbPerOctave(100, 10_000);
        System.out.printf("slopes 100 Hz-10 kHz: white %.2f dB/oct, pink %.2f dB/oct%n", whiteSlope, pinkSlope);
        assertEquals(0, whiteSlope, 0.3);
        assertEquals(-10 * Math.log10(2), pinkSlope, 1.0);
        assertEquals(1 / Math.sqrt(3), rms(white), 0.01);
        assertEquals(0.25, rms(pink), 0.02);
    }

    @Test
    void pinkSlopeHoldsAtOtherSampleRates() {
        for (int sr : new int[] {8_000, 96_000}) {
            float[] pink = run(NoiseColor.PINK, sr, 10 * sr);
            double slope = PowerSpectrum.welch(pink, sr, 8192).slopeDbPerOctave(100, Math.min(10_000, sr * 0.4));
            assertEquals(-10 * Math.log10(2), slope, 1.0, "at " + sr + " Hz");
        }
    }

    @Test
    void sameSeedSameNoiseAndResetRepeats() {
        Noise a = new Noise(SR, NoiseColor.PINK, 7);
        float[] first = Render.run(a, a.output, 1000);
        a.reset();
        assertArrayEquals(first, Render.run(a, a.output, 1000));
        float[] other = run(NoiseColor.PINK, SR, 1000);
        assertTrue(first[500] != other[500]);
    }

    private static float[] run(NoiseColor color, int sr, int frames) {
        Noise n = new Noise(sr, color, 1);
        return Render.run(n, n.output, frames);
    }

    private static double rms(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v * v;
        }
        return Math.sqrt(s / x.length);
    }
}
