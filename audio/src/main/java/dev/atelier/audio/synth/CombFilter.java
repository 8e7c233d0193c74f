package dev.atelier.audio.synth;

/**
 * A feedback comb with a one-pole low-pass in its loop (Moorer's reverberator element): the loop
 * gain sets how fast the echoes decay, the low-pass makes highs decay faster than lows. Its output
 * is scaled so its impulse response has unit energy whatever the feedback.
 */
final class CombFilter {
    private final float[] line;
    private int index;
    private float feedback;
    private float damping;
    private float store;
    private float scale;

    CombFilter(int length) {
        line = new float[length];
    }

    int length() {
        return line.length;
    }

    /** Loop gain for a 60 dB decay in {@code rt60} seconds; damping 0..1. */
    void configure(double rt60, double damping, int sampleRate) {
        double g = Math.pow(10, -3.0 * line.length / (rt60 * sampleRate));
        feedback = (float) g;
        this.damping = (float) (0.4 * damping); // beyond 0.4 the loop low-pass muffles too much
        scale = (float) Math.sqrt(1 - g * g);
    }

    /** Adds this comb's response to {@code in[0..n)} into {@code sum}. */
    void processAdd(float[] in, float[] sum, int n) {
        float[] buf = line;
        int idx = index;
        float fb = feedback;
        float d = damping;
        float st = store;
        float sc = scale;
        for (int i = 0; i < n; i++) {
            float y = buf[idx];
            st = y + d * (st - y);
            buf[idx] = in[i] + fb * st;
            if (++idx == buf.length) {
                idx = 0;
            }
            sum[i] += y * sc;
        }
        // Keep denormals out of long silent tails.
        store = Math.abs(st) < 1e-25f ? 0 : st;
        index = idx;
    }

    /**
     * {@link #processAdd} for two combs in one loop: each comb's low-pass is a serial chain, and
     * running two side by side lets the CPU overlap them (about twice as fast).
     */
    static void processAddPair(CombFilter a, CombFilter b, float[] in, float[] sum, int n) {
        float[] bufA = a.line;
        float[] bufB = b.line;
        int ia = a.index;
        int ib = b.index;
        float sa = a.store;
        float sb = b.store;
        for (int i = 0; i < n; i++) {
            float x = in[i];
            float ya = bufA[ia];
            float yb = bufB[ib];
            sa = ya + a.damping * (sa - ya);
            sb = yb + b.damping * (sb - yb);
            bufA[ia] = x + a.feedback * sa;
            bufB[ib] = x + b.feedback * sb;
            if (++ia == bufA.length) {
                ia = 0;
            }
            if (++ib == bufB.length) {
                ib = 0;
            }
            sum[i] += ya * a.scale + yb * b.scale;
        }
        a.store = Math.abs(sa) < 1e-25f ? 0 : sa;
        b.store = Math.abs(sb) < 1e-25f ? 0 : sb;
        a.index = ia;
        b.index = ib;
    }

    void reset() {
        java.util.Arrays.fill(line, 0f);
        store = 0;
        index = 0;
    }
}
