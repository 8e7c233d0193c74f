package dev.atelier.audio.loudness;

import dev.atelier.audio.Clip;

/**
 * True peak per ITU-R BS.1770-4 annex 2: oversample 4× and take the largest magnitude. The
 * interpolator is a Hann-windowed sinc with 12 taps per phase (48 in all), cut off at the
 * original Nyquist frequency; the original samples are phase 0, so the true peak is never below
 * the sample peak.
 */
public final class TruePeak {
    private static final int FACTOR = 4;
    private static final int TAPS_PER_PHASE = 12;
    private static final double[][] PHASES = phases();

    private TruePeak() {
    }

    /** The true peak over all channels, linear (1.0 = full scale). */
    public static double linear(Clip clip) {
        double peak = 0;
        for (int c = 0; c < clip.channelCount(); c++) {
            peak = Math.max(peak, linear(clip.channel(c)));
        }
        return peak;
    }

    public static double dbtp(Clip clip) {
        return 20 * Math.log10(linear(clip));
    }

    static double linear(float[] x) {
        return linear(x, 0);
    }

    /**
     * The true peak of one channel, interpolating only next to samples above {@code threshold}
     * (linear): a band-limited signal does not peak between samples far above the samples around
     * them, so a threshold some dB under the level of interest saves most of the work.
     */
    public static double linear(float[] x, double threshold) {
        double peak = 0;
        int half = TAPS_PER_PHASE / 2;
        for (int i = 0; i < x.length; i++) {
            peak = Math.max(peak, Math.abs(x[i]));
            if (threshold > 0 && Math.abs(x[i]) < threshold && (i + 1 >= x.length || Math.abs(x[i + 1]) < threshold)) {
                continue;
            }
            int first = i - half + 1;
            if (first >= 0 && i + half < x.length) { // no tap falls off either end
                peak = Math.max(peak, interpolatedPeak(x, first));
                continue;
            }
            for (int p = 1; p < FACTOR; p++) {
                double[] h = PHASES[p];
                double v = 0;
                // Interpolated sample at i + p/4 from x[i - half + 1 .. i + half].
                for (int t = 0; t < TAPS_PER_PHASE; t++) {
                    int j = first + t;
                    if (j >= 0 && j < x.length) {
                        v += h[t] * x[j];
                    }
                }
                peak = Math.max(peak, Math.abs(v));
            }
        }
        return peak;
    }

    /**
     * The largest |value| interpolated at phases ¼, ½ and ¾ after sample {@code first + half − 1}
     * from the 12 samples from {@code first}: the three sums side by side, each split into even and
     * odd taps, so six short chains of additions overlap instead of three long ones in a row.
     */
    private static double interpolatedPeak(float[] x, int first) {
        double[] h1 = PHASES[1];
        double[] h2 = PHASES[2];
        double[] h3 = PHASES[3];
        double a1 = 0;
        double b1 = 0;
        double a2 = 0;
        double b2 = 0;
        double a3 = 0;
        double b3 = 0;
        for (int t = 0; t < TAPS_PER_PHASE; t += 2) {
            double even = x[first + t];
            double odd = x[first + t + 1];
            a1 += h1[t] * even;
            b1 += h1[t + 1] * odd;
            a2 += h2[t] * even;
            b2 += h2[t + 1] * odd;
            a3 += h3[t] * even;
            b3 += h3[t + 1] * odd;
        }
        return Math.max(Math.abs(a1 + b1), Math.max(Math.abs(a2 + b2), Math.abs(a3 + b3)));
    }

    private static double[][] phases() {
        double[][] phases = new double[FACTOR][TAPS_PER_PHASE];
        int half = TAPS_PER_PHASE / 2;
        for (int p = 0; p < FACTOR; p++) {
            double frac = (double) p / FACTOR;
            for (int t = 0; t < TAPS_PER_PHASE; t++) {
                double d = (t - half + 1) - frac; // distance from the interpolated point, in samples
                double sinc = d == 0 ? 1 : Math.sin(Math.PI * d) / (Math.PI * d);
                double w = 0.5 + 0.5 * Math.cos(Math.PI * d / (half + 0.5));
                phases[p][t] = sinc * w;
            }
        }
        return phases;
    }
}
