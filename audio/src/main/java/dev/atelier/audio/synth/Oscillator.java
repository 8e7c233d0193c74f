package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;

/**
 * A periodic source with a {@code frequency} port (Hz, may be modulated) and an {@code amplitude}
 * port. The phase runs in double precision so the pitch stays exact over minutes; samples are
 * float. A frequency modulated past Nyquist is held just below it rather than folding.
 */
public abstract class Oscillator extends UnitGenerator {
    public final InputPort frequency;
    public final InputPort amplitude;
    public final OutputPort output;

    /** Current position in the cycle, in [0, 1). */
    protected double phase;
    private final double maxIncrement;
    private final double inverseRate;

    // Registering ports hands 'this' to them, which is safe: they only keep it as their owner.
    @SuppressWarnings("this-escape")
    protected Oscillator(int sampleRate, double frequencyHz) {
        super(sampleRate);
        frequency = addInput("frequency", AudioLimits.checkFrequency(frequencyHz, sampleRate, "frequency"));
        amplitude = addInput("amplitude", 1.0);
        output = addOutput("output");
        maxIncrement = 0.5 - 1e-6;
        inverseRate = 1.0 / sampleRate;
    }

    /** Sets the constant frequency, refusing values at or above Nyquist. */
    public Oscillator setFrequency(double hz) {
        frequency.set(AudioLimits.checkFrequency(hz, sampleRate, "frequency"));
        return this;
    }

    /** Sets the phase (in cycles, any real number: only the fraction counts). */
    public Oscillator setPhase(double cycles) {
        phase = cycles - Math.floor(cycles);
        return this;
    }

    @Override
    public void reset() {
        phase = 0;
    }

    private final double[] increments = new double[BLOCK];
    private float constantHz = Float.NaN;

    /**
     * The phase increment per sample of this block, from the frequency port, clamped to
     * [0, Nyquist). An unmodulated frequency is converted once, not per sample.
     */
    protected final double[] increments(int frames) {
        if (!frequency.isConnected()) {
            float hz = (float) frequency.get();
            if (hz != constantHz) {
                constantHz = hz;
                java.util.Arrays.fill(increments, increment(hz));
            }
            return increments;
        }
        constantHz = Float.NaN;
        float[] f = frequency.values();
        for (int i = 0; i < frames; i++) {
            increments[i] = increment(f[i]);
        }
        return increments;
    }

    private double increment(float hz) {
        double dt = hz * inverseRate;
        return dt < 0 ? 0 : Math.min(dt, maxIncrement);
    }

    /** One cycle of a fixed-point phase: a 32-bit counter that wraps by itself (2^32). */
    protected static final double CYCLE = 4294967296.0;

    private final int[] fixedIncrements = new int[BLOCK];
    private float fixedConstantHz = Float.NaN;
    private final float fixedPerHz = (float) (CYCLE / sampleRate);
    private final int maxFixedIncrement = (int) ((0.5 - 1e-6) * CYCLE);

    /**
     * {@link #increments} as fixed-point phase steps (cycles · 2^32). Table readers run their phase
     * in an int: it wraps without a test, and the frequency it stands for is exact to 48 kHz / 2^32,
     * about 1e-5 Hz (1e-4 cents at 100 Hz).
     */
    protected final int[] fixedIncrements(int frames) {
        if (!frequency.isConnected()) {
            float hz = (float) frequency.get();
            if (hz != fixedConstantHz) {
                fixedConstantHz = hz;
                java.util.Arrays.fill(fixedIncrements, fixedIncrement(hz));
            }
            return fixedIncrements;
        }
        fixedConstantHz = Float.NaN;
        float[] f = frequency.values();
        for (int i = 0; i < frames; i++) {
            fixedIncrements[i] = fixedIncrement(f[i]);
        }
        return fixedIncrements;
    }

    private int fixedIncrement(float hz) {
        // In float, which the JIT vectorises: 24 bits are as many as the frequency has. Clamped to
        // [0, Nyquist) like increment; a float past 2^31 becomes Integer.MAX_VALUE, then the clamp.
        int step = (int) (hz * fixedPerHz + 0.5f);
        return Math.max(0, Math.min(maxFixedIncrement, step));
    }

    /** The phase as a fixed-point counter; exact for a phase that came from {@link #setFixedPhase}. */
    protected final int fixedPhase() {
        return (int) (long) (phase * CYCLE);
    }

    protected final void setFixedPhase(int p) {
        phase = Integer.toUnsignedLong(p) / CYCLE;
    }

    protected static double wrap(double phase) {
        return phase >= 1 ? phase - 1 : phase;
    }
}
