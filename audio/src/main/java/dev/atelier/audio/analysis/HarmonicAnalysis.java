package dev.atelier.audio.analysis;

import dev.atelier.core.error.AtelierException;

/**
 * How much of a periodic signal's energy lies off its harmonics: the aliasing measure of band-limited
 * oscillators. Hann-window the signal, take the power spectrum, and call a bin on-harmonic when it
 * lies within {@link #HALF_WIDTH_BINS} of a multiple of f0 below Nyquist (the Hann main lobe is ±2
 * bins); the result is off-harmonic ÷ on-harmonic energy in dB. Bins near DC count as neither.
 */
public final class HarmonicAnalysis {
    public static final double HALF_WIDTH_BINS = 3;

    private HarmonicAnalysis() {
    }

    public static double offHarmonicRatioDb(float[] signal, int sampleRate, double f0) {
        if (!(f0 > 0) || f0 >= sampleRate / 2.0) {
            throw AtelierException.invalidArgument("f0", "f0 must be between 0 and Nyquist");
        }
        int n = signal.length;
        double[] mag = Fft.magnitudes(Window.apply(signal, 0, Window.hann(n)));
        double binHz = (double) sampleRate / n;
        double on = 0;
        double off = 0;
        for (int k = 0; k < mag.length; k++) {
            double hz = k * binHz;
            if (hz <= HALF_WIDTH_BINS * binHz) {
                continue;
            }
            double h = Math.max(1, Math.round(hz / f0));
            double power = mag[k] * mag[k];
            boolean harmonic = Math.abs(hz - h * f0) <= HALF_WIDTH_BINS * binHz && h * f0 < sampleRate / 2.0;
            if (harmonic) {
                on += power;
            } else {
                off += power;
            }
        }
        return 10 * Math.log10(off / on);
    }
}
