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
    // The coefficients of each COEFFICIENT_STEP stretch of the block, COEFFICIENTS apiece (see
    // coefficients), and the last set computed, for the cutoff and Q it was computed for.
    private final double[] stretches = new double[(BLOCK / COEFFICIENT_STEP + 1) * COEFFICIENTS];
    private final double[] last = new double[COEFFICIENTS];
    private float lastFc = Float.NaN;
    private float lastQ = Float.NaN;
    // One step: s ← A·s + B·x, y = C·s + D·x.
    private static final int A11 = 0;
    private static final int A12 = 1;
    private static final int A21 = 2;
    private static final int A22 = 3;
    private static final int B1 = 4;
    private static final int B2 = 5;
    private static final int C1 = 6;
    private static final int C2 = 7;
    private static final int D = 8;
    // Two steps: s ← A²·s + A·B·x0 + B·x1, second output y1 = C·A·s + C·B·x0 + D·x1.
    private static final int M11 = 9;
    private static final int M12 = 10;
    private static final int M21 = 11;
    private static final int M22 = 12;
    private static final int N1 = 13;
    private static final int N2 = 14;
    private static final int E1 = 15;
    private static final int E2 = 16;
    private static final int F = 17;
    private static final int COEFFICIENTS = 18;

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
     *
     * <p>The coefficients of all the block's stretches are computed first, in a loop of their own:
     * the stretches do not depend on each other, so the CPU overlaps their long chains of
     * arithmetic (exp2, tan, two divisions) instead of waiting on each between two stretches.
     */
    @Override
    protected void generate(int frames) {
        float[] x = input.values();
        float[] fc = cutoff.values();
        float[] oct = octaves.values();
        float[] q = resonance.values();
        float[] out = output.values();
        boolean modulated = octaves.isConnected() || octaves.get() != 0;
        double[] k = stretches;
        for (int i = 0, at = 0; i < frames; i += COEFFICIENT_STEP, at += COEFFICIENTS) {
            float cut = modulated ? (float) (fc[i] * FastMath.exp2(Math.max(-40, Math.min(40, oct[i])))) : fc[i];
            if (cut != lastFc || q[i] != lastQ) {
                lastFc = cut;
                lastQ = q[i];
                coefficients(cut, q[i], last);
            }
            System.arraycopy(last, 0, k, at, COEFFICIENTS);
        }
        double z1 = s1;
        double z2 = s2;
        for (int i = 0, at = 0; i < frames; at += COEFFICIENTS) {
            double c1 = k[at + C1];
            double c2 = k[at + C2];
            double d = k[at + D];
            double m11 = k[at + M11];
            double m12 = k[at + M12];
            double m21 = k[at + M21];
            double m22 = k[at + M22];
            double n1 = k[at + N1];
            double n2 = k[at + N2];
            double b1 = k[at + B1];
            double b2 = k[at + B2];
            double e1 = k[at + E1];
            double e2 = k[at + E2];
            double f = k[at + F];
            int end = Math.min(frames, i + COEFFICIENT_STEP);
            for (; i + 1 < end; i += 2) {
                double x0 = x[i];
                double x1 = x[i + 1];
                out[i] = (float) (c1 * z1 + c2 * z2 + d * x0);
                out[i + 1] = (float) (e1 * z1 + e2 * z2 + (f * x0 + d * x1));
                double t1 = m11 * z1 + m12 * z2 + (n1 * x0 + b1 * x1);
                double t2 = m21 * z1 + m22 * z2 + (n2 * x0 + b2 * x1);
                z1 = t1;
                z2 = t2;
            }
            if (i < end) { // an odd sample left: one plain step
                double x0 = x[i];
                out[i] = (float) (c1 * z1 + c2 * z2 + d * x0);
                double t1 = k[at + A11] * z1 + k[at + A12] * z2 + b1 * x0;
                double t2 = k[at + A21] * z1 + k[at + A22] * z2 + b2 * x0;
                z1 = t1;
                z2 = t2;
                i++;
            }
        }
        s1 = z1;
        s2 = z2;
    }

    /** The coefficients for cutoff {@code fc} and Q {@code q}, into {@code c[0..COEFFICIENTS)}. */
    private void coefficients(float fc, float q, double[] c) {
        double k = 1 / Math.min(MAX_Q, Math.max(MIN_Q, q)); // damping
        double g = FastMath.tan(Math.min(maxCutoff, Math.max(MIN_CUTOFF_HZ, fc)) * piOverRate);
        double h = 1 / (1 + g * (g + k));
        double p1 = h;         // TPT's a1
        double p2 = g * h;     // a2
        double p3 = g * g * h; // a3
        // Output = mx·x + mb·v1 + ml·v2: every mode is a mix of the SVF's taps.
        double mx = mode == FilterMode.HIGH_PASS ? 1 : 0;
        double mb = mode == FilterMode.BAND_PASS ? k : mode == FilterMode.HIGH_PASS ? -k : 0;
        double ml = mode == FilterMode.LOW_PASS ? 1 : mode == FilterMode.HIGH_PASS ? -1 : 0;
        // v1 = a1·s1 − a2·s2 + a2·x and v2 = a2·s1 + (1 − a3)·s2 + a3·x; s ← 2v − s.
        double a11 = (1 - g * (g + k)) * h; // 2a1 − 1, without the cancellation
        double a12 = -2 * p2;
        double a21 = 2 * p2;
        double a22 = 1 - 2 * p3;
        double b1 = 2 * p2;
        double b2 = 2 * p3;
        double c1 = mb * p1 + ml * p2;
        double c2 = -mb * p2 + ml * (1 - p3);
        c[A11] = a11;
        c[A12] = a12;
        c[A21] = a21;
        c[A22] = a22;
        c[B1] = b1;
        c[B2] = b2;
        c[C1] = c1;
        c[C2] = c2;
        c[D] = mx + mb * p2 + ml * p3;
        c[M11] = a11 * a11 + a12 * a21;
        c[M12] = a11 * a12 + a12 * a22;
        c[M21] = a21 * a11 + a22 * a21;
        c[M22] = a21 * a12 + a22 * a22;
        c[N1] = a11 * b1 + a12 * b2;
        c[N2] = a21 * b1 + a22 * b2;
        c[E1] = c1 * a11 + c2 * a21;
        c[E2] = c1 * a12 + c2 * a22;
        c[F] = c1 * b1 + c2 * b2;
    }
}
