package dev.atelier.audio.analysis;

import dev.atelier.core.error.AtelierException;

/**
 * Welch's averaged periodogram: the power spectral density of a long or noisy signal, from
 * half-overlapping Hann-windowed frames. Values are power per bin (mean square per bin), so the
 * sum over bins 1..N/2 approximates the signal's mean square.
 */
public final class PowerSpectrum {
    private final double[] power;
    private final double binHz;

    private PowerSpectrum(double[] power, double binHz) {
        this.power = power;
        this.binHz = binHz;
    }

    public static PowerSpectrum welch(float[] signal, int sampleRate, int fftSize) {
        if (Integer.bitCount(fftSize) != 1 || fftSize < 16 || fftSize > signal.length) {
            throw AtelierException.invalidArgument("fft_size", "fft size must be a power of two no longer than the signal");
        }
        double[] window = Window.hann(fftSize);
        double windowPower = 0;
        for (double w : window) {
            windowPower += w * w;
        }
        double[] acc = new double[fftSize / 2 + 1];
        int hop = fftSize / 2;
        int frames = 0;
        for (int start = 0; start + fftSize <= signal.length; start += hop, frames++) {
            double[] mag = Fft.magnitudes(Window.apply(signal, start, window));
            for (int k = 0; k < acc.length; k++) {
                acc[k] += mag[k] * mag[k];
            }
        }
        for (int k = 0; k < acc.length; k++) {
            // One-sided: double all bins but DC and Nyquist.
            double oneSided = k == 0 || k == acc.length - 1 ? 1 : 2;
            acc[k] *= oneSided / (frames * windowPower * fftSize);
        }
        return new PowerSpectrum(acc, (double) sampleRate / fftSize);
    }

    public double binHz() {
        return binHz;
    }

    public double[] power() {
        return power.clone();
    }

    /** Total power of the bins whose centre lies in [loHz, hiHz). */
    public double bandPower(double loHz, double hiHz) {
        double sum = 0;
        for (int k = (int) Math.ceil(loHz / binHz); k < power.length && k * binHz < hiHz; k++) {
            sum += power[k];
        }
        return sum;
    }

    /**
     * The slope of the spectrum in dB per octave between two frequencies: a least-squares line
     * through the power density of third-octave bands, against log2 frequency.
     */
    public double slopeDbPerOctave(double loHz, double hiHz) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        double step = Math.pow(2, 1 / 3.0);
        for (double f = loHz; f * step <= hiHz * 1.0001; f *= step) {
            double density = bandPower(f, f * step) / (f * step - f);
            double x = Math.log(Math.sqrt(f * f * step)) / Math.log(2);
            double y = 10 * Math.log10(density);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            n++;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }
}
