package dev.atelier.audio.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atelier.audio.synth.Note;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FftTest {
    @Test
    void matchesTheDefinitionForPowersOfTwoAndOtherLengths() {
        Random rnd = new Random(5);
        for (int n : new int[] {1, 2, 8, 64, 100, 441, 1000}) {
            double[] re = new double[n];
            double[] im = new double[n];
            for (int i = 0; i < n; i++) {
                re[i] = rnd.nextGaussian();
                im[i] = rnd.nextGaussian();
            }
            double[] fr = re.clone();
            double[] fi = im.clone();
            Fft.transform(fr, fi);
            for (int k = 0; k < n; k++) {
                double sr = 0;
                double si = 0;
                for (int t = 0; t < n; t++) {
                    double a = -2 * Math.PI * ((long) k * t % n) / n;
                    sr += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                    si += re[t] * Math.sin(a) + im[t] * Math.cos(a);
                }
                assertEquals(sr, fr[k], 1e-9 * n, "n=" + n + " k=" + k);
                assertEquals(si, fi[k], 1e-9 * n, "n=" + n + " k=" + k);
            }
        }
    }

    @Test
    void harmonicAnalysisSeesAKnownOffHarmonicLevel() {
        // Harmonics of 500 Hz at 1/k, plus one tone between harmonics at a known energy ratio.
        int sr = 44_100;
        float[] clean = new float[sr];
        float[] dirty = new float[sr];
        double onEnergy = 0;
        for (int k = 1; k * 500 < sr / 2; k++) {
            onEnergy += 0.5 / (k * k);
        }
        double offAmp = Math.sqrt(2 * onEnergy * Math.pow(10, -40 / 10.0)); // −40 dB
        for (int n = 0; n < sr; n++) {
            double v = 0;
            for (int k = 1; k * 500 < sr / 2; k++) {
                v += Math.sin(2 * Math.PI * 500 * k * n / sr) / k;
            }
            clean[n] = (float) (0.3 * v);
            dirty[n] = (float) (0.3 * (v + offAmp * Math.sin(2 * Math.PI * 1234.5 * n / sr)));
        }
        assertEquals(-40, HarmonicAnalysis.offHarmonicRatioDb(dirty, sr, 500), 0.2);
        assertEquals(true, HarmonicAnalysis.offHarmonicRatioDb(clean, sr, 500) < -100);
    }

    @Test
    void frequencyEstimatorIsExactForPureTones() {
        int sr = 48_000;
        for (double f : new double[] {Note.frequency(60), 1000.25, 7777.7}) {
            float[] x = new float[sr / 2];
            for (int n = 0; n < x.length; n++) {
                x[n] = (float) Math.sin(2 * Math.PI * f * n / sr + 0.3);
            }
            assertEquals(f, FrequencyEstimator.peakFrequency(x, sr, 20, 20_000), 0.005);
        }
    }
}
