package dev.atelier.audio.synth;

/** Schroeder's allpass: w = x + g·w[n−M], y = w[n−M] − g·w. Flat magnitude, smeared phase. */
final class AllpassFilter {
    private final float[] line;
    private final float gain;
    private int index;
    private final float[] scratch = new float[UnitGenerator.BLOCK];

    AllpassFilter(int length, double gain) {
        line = new float[length];
        this.gain = (float) gain;
    }

    /**
     * Filters {@code x[0..n)} in place, in stretches where the line does not wrap. Each stretch's
     * delayed samples are copied out first, so the loop works on arrays that cannot overlap,
     * which lets the JIT vectorise it (reading and writing the line in place kept it scalar).
     */
    void process(float[] x, int n) {
        float[] buf = line;
        float[] delayed = scratch;
        float g = gain;
        for (int i = 0; i < n; ) {
            int idx = index;
            int run = Math.min(Math.min(n - i, buf.length - idx), delayed.length);
            System.arraycopy(buf, idx, delayed, 0, run);
            for (int k = 0; k < run; k++) {
                float w = x[i + k] + g * delayed[k];
                x[i + k] = delayed[k] - g * w;
                delayed[k] = w;
            }
            System.arraycopy(delayed, 0, buf, idx, run);
            index = idx + run == buf.length ? 0 : idx + run;
            i += run;
        }
    }

    void reset() {
        java.util.Arrays.fill(line, 0f);
        index = 0;
    }
}
