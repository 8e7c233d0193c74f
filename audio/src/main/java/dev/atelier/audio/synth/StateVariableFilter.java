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
    private float ic1;
    private float ic2;
    // Coefficients for the last cutoff and Q seen.
    private float lastFc = Float.NaN;
    private float lastQ = Float.NaN;
    private double damping;
    private float k;
    private float a1;
    private float a2;
    private float a3;
    // Output = mx·input + m1·band + m2·low: every mode is a mix of the SVF's taps.
    private float mx;
    private float m1;
    private float m2;

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
        ic1 = 0;
        ic2 = 0;
    }

    @Override
    protected void generate(int frames) {
        float[] x = input.values();
        float[] fc = cutoff.values();
        float[] oct = octaves.values();
        float[] q = resonance.values();
        float[] out = output.values();
        boolean modulated = octaves.isConnected() || octaves.get() != 0;
        float s1 = ic1;
        float s2 = ic2;
        for (int i = 0; i < frames; i++) {
            if ((i & (COEFFICIENT_STEP - 1)) == 0) {
                float f = modulated ? (float) (fc[i] * FastMath.exp2(Math.max(-40, Math.min(40, oct[i])))) : fc[i];
                update(f, q[i]);
            }
            float v3 = x[i] - s2;
            float v1 = a1 * s1 + a2 * v3;
            float v2 = s2 + a2 * s1 + a3 * v3;
            s1 = 2 * v1 - s1;
            s2 = 2 * v2 - s2;
            out[i] = mx * x[i] + m1 * v1 + m2 * v2;
        }
        ic1 = s1;
        ic2 = s2;
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
        double f = Math.min(maxCutoff, Math.max(MIN_CUTOFF_HZ, fc));
        double g = FastMath.tan(f * piOverRate);
        double b1 = 1 / (1 + g * (g + damping));
        k = (float) damping;
        a1 = (float) b1;
        a2 = (float) (g * b1);
        a3 = (float) (g * g * b1);
        mx = mode == FilterMode.HIGH_PASS ? 1 : 0;
        m1 = mode == FilterMode.BAND_PASS ? k : mode == FilterMode.HIGH_PASS ? -k : 0;
        m2 = mode == FilterMode.LOW_PASS ? 1 : mode == FilterMode.HIGH_PASS ? -1 : 0;
    }
}
