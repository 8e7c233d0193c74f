package dev.atelier.audio.analysis;

import dev.atelier.core.error.AtelierException;

/**
 * Finds the frequency of the strongest sinusoid in a signal to a small fraction of a bin: Hann
 * window, FFT, then Grandke's interpolation. For a tone δ bins above bin k, the Hann spectrum
 * gives |X[k+1]|/|X[k]| = α = (1 + δ)/(2 − δ), hence δ = (2α − 1)/(α + 1): exact for a pure tone
 * apart from the leakage of its negative-frequency image.
 */
public final class FrequencyEstimator {
    private FrequencyEstimator() {
    }

    /** The peak frequency in Hz between {@code minHz} and {@code maxHz}, over the whole signal. */
    public static double peakFrequency(float[] signal, int sampleRate, double minHz, double maxHz) {
        return peakFrequency(signal, 0, signal.length, sampleRate, minHz, maxHz);
    }

    public static double peakFrequency(float[] signal, int offset, int length, int sampleRate,
                                       double minHz, double maxHz) {
        if (length < 16 || offset < 0 || offset + length > signal.length) {
            throw AtelierException.invalidArgument("signal", "need at least 16 samples inside the signal");
        }
        double[] mag = Fft.magnitudes(Window.apply(signal, offset, Window.hann(length)));
        double binHz = (double) sampleRate / length;
        int lo = Math.max(1, (int) Math.floor(minHz / binHz));
        int hi = Math.min(mag.length - 2, (int) Math.ceil(maxHz / binHz));
        int k = lo;
        for (int i = lo; i <= hi; i++) {
            if (mag[i] > mag[k]) {
                k = i;
            }
        }
        if (mag[k] == 0) {
            return Double.NaN;
        }
        double delta;
        if (mag[k + 1] >= mag[k - 1]) {
            double a = mag[k + 1] / mag[k];
            delta = (2 * a - 1) / (a + 1);
        } else {
            double a = mag[k - 1] / mag[k];
            delta = -(2 * a - 1) / (a + 1);
        }
        return (k + delta) * binHz;
    }
}
