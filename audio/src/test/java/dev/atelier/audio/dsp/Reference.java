package dev.atelier.audio.dsp;

import dev.atelier.audio.analysis.Fft;

/**
 * An MFCC written from the definition, sharing nothing with TarsosDSP: Hamming window, FFT
 * magnitudes (the project's own FFT), triangular filters rising from the lower edge bin to the
 * centre and falling to the next centre (the weights TarsosDSP documents), natural log with the
 * same −50 floor, DCT-II without normalisation. One layout detail is TarsosDSP's: its spectrum array
 * repeats bin N/2 − 1 in slot N/2, which the top filter reaches.
 */
final class Reference {
    private Reference() {
    }

    static float[] mfcc(float[] frame, int sr, int coefficients, int bands, double lowHz) {
        int n = frame.length;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = frame[i] * (float) (0.54 - 0.46 * Math.cos(2 * Math.PI * i / (n - 1)));
        }
        double[] mag = Fft.magnitudes(w);
        int[] c = Mfcc.centreBins(n, sr, bands, lowHz, sr / 2.0);
        double[] logs = new double[bands];
        for (int k = 1; k <= bands; k++) {
            double rise = 0;
            double den = c[k] - c[k - 1] + 1;
            for (int i = c[k - 1]; i <= c[k]; i++) {
                rise += mag[i] * (i - c[k - 1] + 1);
            }
            rise /= den;
            double fall = 0;
            den = c[k + 1] - c[k] + 1;
            for (int i = c[k] + 1; i <= c[k + 1]; i++) {
                fall += mag[Math.min(i, n / 2 - 1)] * (1 - (i - c[k]) / den);
            }
            logs[k - 1] = Math.max(-50, Math.log(rise + fall));
        }
        float[] out = new float[coefficients];
        for (int i = 0; i < coefficients; i++) {
            double s = 0;
            for (int j = 0; j < bands; j++) {
                s += logs[j] * Math.cos(Math.PI * i / bands * (j + 0.5));
            }
            out[i] = (float) s;
        }
        return out;
    }
}
