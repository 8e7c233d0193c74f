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
     * delayed samples are copied out first, to the same indices as the stretch of {@code x}: the
     * loop then reads and writes both arrays at one index, which lets the JIT vectorise it (with
     * the line read and written in place, or at another offset, it must assume they overlap).
     */
    void process(float[] x, int n) {
        float[] buf = line;
        float[] delayed = scratch;
        float g = gain;
        for (int i = 0; i < n; ) {
            int idx = index;
            int run = Math.min(n - i, buf.length - idx);
            System.arraycopy(buf, idx, delayed, i, run);
            for (int k = i; k < i + run; k++) {
                float w = x[k] + g * delayed[k];
                x[k] = delayed[k] - g * w;
                delayed[k] = w;
            }
            System.arraycopy(delayed, i, buf, idx, run);
            index = idx + run == buf.length ? 0 : idx + run;
            i += run;
        }
    }

    void reset() {
        java.util.Arrays.fill(line, 0f);
        index = 0;
    }
}
