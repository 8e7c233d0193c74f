package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;
import java.util.Objects;

/**
 * A resonant two-pole state-variable filter in the topology-preserving (trapezoidal) form: its
 * response is exactly the analog prototype's under the bilinear transform with the cutoff
 * prewarped, so it stays stable and in tune under fast modulation. With Ω = tan(πf/fs)/tan(πfc/fs)
 * and s = jΩ: low-pass 1/(s² + s/Q + 1), high-pass s²/(…), band-pass (s/Q)/(…).
 *
 * <p>The cutoff is {@code cutoff · 2^octaves}: connect envelopes and LFOs to {@code octaves} to sweep
 * it musically. Under modulation the coefficients are refreshed every {@link #COEFFICIENT_STEP}
 * samples (a tan per sample would cost more than the rest of a voice; 16 samples is a third of a
 * millisecond at 48 kHz, far finer than any envelope or LFO moves).
 */
public final class StateVariableFilter extends UnitGenerator {
    public static final int COEFFICIENT_STEP = 16;
    public static final double MIN_Q = 0.1;
    public static final double MAX_Q = 50;
    private static final double MIN_CUTOFF_HZ = 10;

    public final InputPort input;
    public final InputPort cutoff;
    public final InputPort octaves;
    public final InputPort resonance;
    public final OutputPort output;

    private FilterMode mode;
    private final double maxCutoff;
    private final double piOverRate;
    // The integrators' states (the TPT form's ic1eq, ic2eq), in double: see generate.
    private double s1;
    private double s2;
    // Coefficients for the last cutoff and Q seen.
    private float lastFc = Float.NaN;
    private float lastQ = Float.NaN;
    private double damping;
    // One step: s ← A·s + B·x, y = C·s + D·x.
    private double a11;
    private double a12;
    private double a21;
    private double a22;
    private double b1;
    private double b2;
    private double c1;
    private double c2;
    private double d;
    // Two steps: s ← A²·s + A·B·x0 + B·x1, second output y1 = C·A·s + C·B·x0 + D·x1.
    private double m11;
    private double m12;
    private double m21;
    private double m22;
    private double n1;
    private double n2;
    private double e1;
    private double e2;
    private double f;

    public StateVariableFilter(int sampleRate, FilterMode mode, double cutoffHz, double q) {
        super(sampleRate);
        this.mode = Objects.requireNonNull(mode, "mode");
        maxCutoff = 0.49 * sampleRate;
        piOverRate = Math.PI / sampleRate;
        input = addInput("input", 0);
        cutoff = addInput("cutoff", AudioLimits.checkFrequency(cutoffHz, sampleRate, "cutoff"));
        octaves = addInput("octaves", 0);
        resonance = addInput("resonance", AudioLimits.checkRange(q, MIN_Q, MAX_Q, "resonance"));
        output = addOutput("output");
    }

    public FilterMode mode() {
        return mode;
    }

    public void setMode(FilterMode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        lastQ = Float.NaN; // recompute the output mix
    }

    @Override
    public void reset() {
        s1 = 0;
        s2 = 0;
    }

    /**
     * The TPT recursion (v3 = x − s2, v1 = a1·s1 + a2·v3, v2 = s2 + a2·s1 + a3·v3, s ← 2v − s) is
     * linear, so it is run as its state-space matrices, two samples per step: the loop-carried chain
     * of a sample pair is then one multiply and two adds instead of about five dependent operations
     * per sample, which made the filter the costliest part of a voice. The state is in double, which
     * keeps the near-1 entries of A (1 − 2g²/(1 + g(g + k)) at low cutoffs) exact enough; the outputs
     * are the same filter's to float rounding.
     */
    @Override
    protected void generate(int frames) {
        float[] x = input.values();
        float[] fc = cutoff.values();
        float[] oct = octaves.values();
        float[] q = resonance.values();
        float[] out = output.values();
        boolean modulated = octaves.isConnected() || octaves.get() != 0;
        double z1 = s1;
        double z2 = s2;
        for (int i = 0; i < frames; ) {
            float cut = modulated ? (float) (fc[i] * FastMath.exp2(Math.max(-40, Math.min(40, oct[i])))) : fc[i];
            update(cut, q[i]);
            double ca11 = a11, ca12 = a12, ca21 = a21, ca22 = a22, cb1 = b1, cb2 = b2;
            double cc1 = c1, cc2 = c2, cd = d;
            double cm11 = m11, cm12 = m12, cm21 = m21, cm22 = m22, cn1 = n1, cn2 = n2;
            double ce1 = e1, ce2 = e2, cf = f;
            int end = Math.min(frames, i + COEFFICIENT_STEP);
            for (; i + 1 < end; i += 2) {
                double x0 = x[i];
                double x1 = x[i + 1];
                out[i] = (float) (cc1 * z1 + cc2 * z2 + cd * x0);
                out[i + 1] = (float) (ce1 * z1 + ce2 * z2 + (cf * x0 + cd * x1));
                double t1 = cm11 * z1 + cm12 * z2 + (cn1 * x0 + cb1 * x1);
                double t2 = cm21 * z1 + cm22 * z2 + (cn2 * x0 + cb2 * x1);
                z1 = t1;
                z2 = t2;
            }
            if (i < end) { // an odd sample left: one plain step
                double x0 = x[i];
                out[i] = (float) (cc1 * z1 + cc2 * z2 + cd * x0);
                double t1 = ca11 * z1 + ca12 * z2 + cb1 * x0;
                double t2 = ca21 * z1 + ca22 * z2 + cb2 * x0;
                z1 = t1;
                z2 = t2;
                i++;
            }
        }
        s1 = z1;
        s2 = z2;
    }

    private void update(float fc, float q) {
        if (fc == lastFc && q == lastQ) {
            return;
        }
        if (q != lastQ) {
            lastQ = q;
            damping = 1 / Math.min(MAX_Q, Math.max(MIN_Q, q));
        }
        lastFc = fc;
        double k = damping;
        double g = FastMath.tan(Math.min(maxCutoff, Math.max(MIN_CUTOFF_HZ, fc)) * piOverRate);
        double h = 1 / (1 + g * (g + k));
        double p1 = h;         // TPT's a1
        double p2 = g * h;     // a2
        double p3 = g * g * h; // a3
        // Output = mx·x + m1·v1 + m2·v2: every mode is a mix of the SVF's taps.
        double mx = mode == FilterMode.HIGH_PASS ? 1 : 0;
        double mb = mode == FilterMode.BAND_PASS ? k : mode == FilterMode.HIGH_PASS ? -k : 0;
        double ml = mode == FilterMode.LOW_PASS ? 1 : mode == FilterMode.HIGH_PASS ? -1 : 0;
        // v1 = a1·s1 − a2·s2 + a2·x and v2 = a2·s1 + (1 − a3)·s2 + a3·x; s ← 2v − s.
        a11 = (1 - g * (g + k)) * h; // 2a1 − 1, without the cancellation
        a12 = -2 * p2;
        a21 = 2 * p2;
        a22 = 1 - 2 * p3;
        b1 = 2 * p2;
        b2 = 2 * p3;
        c1 = mb * p1 + ml * p2;
        c2 = -mb * p2 + ml * (1 - p3);
        d = mx + mb * p2 + ml * p3;
        m11 = a11 * a11 + a12 * a21;
        m12 = a11 * a12 + a12 * a22;
        m21 = a21 * a11 + a22 * a21;
        m22 = a21 * a12 + a22 * a22;
        n1 = a11 * b1 + a12 * b2;
        n2 = a21 * b1 + a22 * b2;
        e1 = c1 * a11 + c2 * a21;
        e2 = c1 * a12 + c2 * a22;
        f = c1 * b1 + c2 * b2;
    }
}
