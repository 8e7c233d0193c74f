package dev.atelier.audio.analysis;

/** Analysis windows. */
public final class Window {
    private Window() {
    }

    /**
     * The periodic Hann window ½(1 − cos 2πn/N): its DFT has exactly three non-zero bins, which is
     * what makes interpolating a peak between bins exact (see {@link FrequencyEstimator}).
     */
    public static double[] hann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 * (1 - Math.cos(2 * Math.PI * i / n));
        }
        return w;
    }

    /** {@code signal[offset..offset+window.length)} times the window, zero past the end of the signal. */
    public static double[] apply(float[] signal, int offset, double[] window) {
        double[] out = new double[window.length];
        for (int i = 0; i < window.length; i++) {
            int j = offset + i;
            out[i] = j >= 0 && j < signal.length ? signal[j] * window[i] : 0;
        }
        return out;
    }
}
