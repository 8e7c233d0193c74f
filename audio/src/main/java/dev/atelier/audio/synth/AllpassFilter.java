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

    /** Filters {@code x[0..n)} in place. */
    void process(float[] x, int n) {
        float[] buf = line;
        int idx = index;
        float g = gain;
        for (int i = 0; i < n; i++) {
            float delayed = buf[idx];
            float w = x[i] + g * delayed;
            buf[idx] = w;
            if (++idx == buf.length) {
                idx = 0;
            }
            x[i] = delayed - g * w;
        }
        index = idx;
    }

    void reset() {
        java.util.Arrays.fill(line, 0f);
        index = 0;
    }
}
