package dev.atelier.audio.dsp;

/** Analytic test signals. */
final class Signals {
    private Signals() {
    }

    static float[] sine(double hz, int sampleRate, double seconds, double amplitude) {
        float[] x = new float[(int) Math.round(seconds * sampleRate)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / sampleRate));
        }
        return x;
    }

    /** A harmonic tone (1/k amplitudes, 6 partials): a pitch trackers' realistic case. */
    static float[] harmonic(double hz, int sampleRate, double seconds) {
        float[] x = new float[(int) Math.round(seconds * sampleRate)];
        for (int i = 0; i < x.length; i++) {
            double v = 0;
            for (int k = 1; k <= 6; k++) {
                v += Math.sin(2 * Math.PI * k * hz * i / sampleRate) / k;
            }
            x[i] = (float) (0.4 * v);
        }
        return x;
    }
}
