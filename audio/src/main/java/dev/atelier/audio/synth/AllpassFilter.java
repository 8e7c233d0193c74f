package dev.atelier.audio.synth;

/** Schroeder's allpass: w = x + g·w[n−M], y = w[n−M] − g·w. Flat magnitude, smeared phase. */
final class AllpassFilter {
    private final float[] line;
    private final float gain;
    private int index;

    AllpassFilter(int length, double gain) {
        line = new float[length];
        this.gain = (float) gain;
    }

    /** Filters {@code x[0..n)} in place, in stretches where the line does not wrap. */
    void process(float[] x, int n) {
        float[] buf = line;
        float g = gain;
        for (int i = 0; i < n; ) {
            int idx = index;
            int run = Math.min(n - i, buf.length - idx);
            for (int k = 0; k < run; k++) {
                float delayed = buf[idx + k];
                float w = x[i + k] + g * delayed;
                buf[idx + k] = w;
                x[i + k] = delayed - g * w;
            }
            index = idx + run == buf.length ? 0 : idx + run;
            i += run;
        }
    }

    void reset() {
        java.util.Arrays.fill(line, 0f);
        index = 0;
    }
}
