package dev.atelier.audio.synth;

/**
 * A 2- to 4-operator FM (phase modulation) source. Per sample, operators are computed from the
 * highest number down: each is {@code level · envelope · sin(2π·phase + Σ modulators)} (plus, for
 * the top one, {@code feedback ×} its own previous output); the carriers are summed. Operator
 * envelopes follow the voice's gate through {@link #noteOn(boolean)} and {@link #noteOff()}.
 */
public final class FmOscillator extends Oscillator {
    private static final int SINE_SIZE = 4096;
    private static final float[] SINE = new float[SINE_SIZE + 1];

    static {
        for (int i = 0; i <= SINE_SIZE; i++) {
            SINE[i] = (float) Math.sin(2 * Math.PI * i / SINE_SIZE);
        }
    }

    private final FmSettings settings;
    private final Adsr[] envelopes;
    private final double[] ratios;
    private final float[] levels;
    private final double[] phases;
    private final float[] outputs;
    private float feedbackSample;

    public FmOscillator(int sampleRate, double frequencyHz, FmSettings settings) {
        super(sampleRate, frequencyHz);
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
        int n = settings.operators().size();
        envelopes = new Adsr[n];
        ratios = new double[n];
        levels = new float[n];
        phases = new double[n];
        outputs = new float[n];
        for (int j = 0; j < n; j++) {
            FmOperator op = settings.operators().get(j);
            envelopes[j] = new Adsr(sampleRate, op.envelope());
            ratios[j] = op.ratio();
            levels[j] = (float) op.level();
        }
    }

    /** Starts the operator envelopes: from silence when {@code fresh}, else from where they are. */
    public void noteOn(boolean fresh) {
        for (Adsr e : envelopes) {
            if (fresh) {
                e.reset();
            }
            e.gate.set(1);
            if (!fresh) {
                e.retrigger();
            }
        }
    }

    public void noteOff() {
        for (Adsr e : envelopes) {
            e.gate.set(0);
        }
    }

    @Override
    public void reset() {
        super.reset();
        java.util.Arrays.fill(phases, 0);
        java.util.Arrays.fill(outputs, 0);
        feedbackSample = 0;
        for (Adsr e : envelopes) {
            e.reset();
        }
    }

    @Override
    protected void generate(int frames) {
        double[] inc = increments(frames);
        int n = envelopes.length;
        float[][] env = new float[n][];
        for (int j = 0; j < n; j++) {
            pullOwned(envelopes[j], frames);
            env[j] = envelopes[j].output.values();
        }
        FmAlgorithm alg = settings.algorithm();
        float fb = (float) settings.feedback();
        float[] a = amplitude.values();
        float[] out = output.values();
        for (int i = 0; i < frames; i++) {
            float sum = 0;
            for (int j = n - 1; j >= 0; j--) {
                float mod = j == n - 1 ? fb * feedbackSample : 0;
                for (int m : alg.modulatorsOf(j)) {
                    mod += outputs[m];
                }
                // Phase modulation: the modulators' radians become cycles.
                double p = phases[j] + mod * (1 / (2 * Math.PI));
                float v = levels[j] * env[j][i] * sine(p);
                outputs[j] = v;
                if (alg.isCarrier(j)) {
                    sum += v;
                }
                double next = phases[j] + ratios[j] * inc[i];
                phases[j] = next - Math.floor(next);
            }
            feedbackSample = outputs[n - 1];
            out[i] = a[i] * sum;
        }
    }

    private static float sine(double cycles) {
        double pos = (cycles - Math.floor(cycles)) * SINE_SIZE;
        int k = (int) pos;
        float frac = (float) (pos - k);
        return SINE[k] + frac * (SINE[k + 1] - SINE[k]);
    }
}
