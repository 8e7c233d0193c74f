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
        float e = 1 - d;
        float st = store;
        float sc = scale;
        for (int i = 0; i < n; i++) {
            float y = buf[idx];
            st = e * y + d * st;
            buf[idx] = in[i] + fb * st;
            if (++idx == buf.length) {
                idx = 0;
            }
            sum[i] += y * sc;
        }
        store = flush(st);
        index = idx;
    }

    /**
     * {@link #processAdd} for four combs in one loop. Each comb's low-pass is a serial chain
     * (st ← (1 − d)·y + d·st), so running four side by side lets the CPU overlap them. A comb's
     * line is longer than a block, so the samples read in a block were all written before it: the
     * loop runs in stretches where no line wraps, with plain indices and no per-sample test.
     */
    static void processAddQuad(CombFilter a, CombFilter b, CombFilter c, CombFilter d, float[] in,
                               float[] sum, int n) {
        float[] la = a.line;
        float[] lb = b.line;
        float[] lc = c.line;
        float[] ld = d.line;
        float sa = a.store;
        float sb = b.store;
        float sc = c.store;
        float sd = d.store;
        float da = a.damping;
        float db = b.damping;
        float dc = c.damping;
        float dd = d.damping;
        float ea = 1 - da;
        float eb = 1 - db;
        float ec = 1 - dc;
        float ed = 1 - dd;
        for (int i = 0; i < n; ) {
            int ia = a.index;
            int ib = b.index;
            int ic = c.index;
            int id = d.index;
            int run = Math.min(Math.min(n - i, Math.min(la.length - ia, lb.length - ib)),
                    Math.min(lc.length - ic, ld.length - id));
            for (int k = 0; k < run; k++) {
                float x = in[i + k];
                float ya = la[ia + k];
                float yb = lb[ib + k];
                float yc = lc[ic + k];
                float yd = ld[id + k];
                sa = ea * ya + da * sa;
                sb = eb * yb + db * sb;
                sc = ec * yc + dc * sc;
                sd = ed * yd + dd * sd;
                la[ia + k] = x + a.feedback * sa;
                lb[ib + k] = x + b.feedback * sb;
                lc[ic + k] = x + c.feedback * sc;
                ld[id + k] = x + d.feedback * sd;
                sum[i + k] += (ya * a.scale + yb * b.scale) + (yc * c.scale + yd * d.scale);
            }
            a.index = ia + run == la.length ? 0 : ia + run;
            b.index = ib + run == lb.length ? 0 : ib + run;
            c.index = ic + run == lc.length ? 0 : ic + run;
            d.index = id + run == ld.length ? 0 : id + run;
            i += run;
        }
        a.store = flush(sa);
        b.store = flush(sb);
        c.store = flush(sc);
        d.store = flush(sd);
    }

    // Keep denormals out of long silent tails.
    private static float flush(float v) {
        return Math.abs(v) < 1e-25f ? 0 : v;
    }

    void reset() {
        java.util.Arrays.fill(line, 0f);
        store = 0;
        index = 0;
    }
}
