package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;
import java.util.Objects;

/**
 * A low-frequency modulator (0 to 100 Hz) with outputs in −depth..+depth. It runs at control rate:
 * the shape is evaluated exactly every {@link #STEP} samples and joined by straight lines, which is
 * indistinguishable at these rates, costs an eighth, and softens square edges just enough not to click.
 */
public final class Lfo extends UnitGenerator {
    public static final double MAX_RATE_HZ = 100;

    public final InputPort rate;
    public final InputPort depth;
    public final OutputPort output;

    private final LfoShape shape;
    private final long seed;
    /** Samples between exact evaluations of the shape. */
    static final int STEP = 8;

    private double phase;
    private final float[] segmentEnds = new float[BLOCK / STEP + 1];
    private float from;
    private float to;
    private int stepLeft;
    private float held;
    private long random;
    private final double inverseRate;

    public Lfo(int sampleRate, LfoShape shape, double rateHz, long seed) {
        super(sampleRate);
        this.shape = Objects.requireNonNull(shape, "shape");
        this.seed = seed;
        inverseRate = 1.0 / sampleRate;
        rate = addInput("rate", AudioLimits.checkRange(rateHz, 0, MAX_RATE_HZ, "rate"));
        depth = addInput("depth", 1);
        output = addOutput("output");
        reset();
    }

    public Lfo(int sampleRate, LfoShape shape, double rateHz) {
        this(sampleRate, shape, rateHz, 1);
    }

    public LfoShape shape() {
        return shape;
    }

    @Override
    public void reset() {
        phase = 0;
        random = seed * 0x9E3779B97F4A7C15L | 1;
        held = nextRandom();
        to = (float) shapeAt(0);
        from = to;
        stepLeft = 0;
    }

    @Override
    protected void generate(int frames) {
        float[] r = rate.values();
        float[] d = depth.values();
        float[] out = output.values();
        // Control rate: the exact shape every STEP samples, straight lines in between. First the
        // shape where each segment starting in this block ends, then the lines, whose state runs
        // in locals (fields written per sample would chain every sample through memory).
        float[] ends = segmentEnds;
        int segments = 0;
        for (int i = stepLeft; i < frames; i += STEP) {
            advance(r[i]);
            ends[segments++] = (float) shapeAt(phase);
        }
        float a = from;
        float b = to;
        int left = stepLeft;
        for (int i = 0, s = 0; i < frames; ) {
            if (left == 0) {
                a = b;
                b = ends[s++];
                left = STEP;
            }
            int n = Math.min(left, frames - i);
            float slope = (b - a) * (1f / STEP);
            float v = b - slope * left; // the value at this sample
            if (n == STEP) { // a whole segment: a fixed count, which the JIT unrolls
                for (int j = 0; j < STEP; j++) {
                    out[i + j] = d[i + j] * (v + slope * j);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    out[i + j] = d[i + j] * (v + slope * j);
                }
            }
            left -= n;
            i += n;
        }
        from = a;
        to = b;
        stepLeft = left;
    }

    private void advance(float rateHz) {
        phase += STEP * Math.min(MAX_RATE_HZ, Math.max(0, rateHz)) * inverseRate; // under ⅒ cycle
        if (phase >= 1) {
            phase -= 1;
            held = nextRandom();
        }
    }

    private double shapeAt(double t) {
        return switch (shape) {
            case SINE -> sine(t);
            case TRIANGLE -> t < 0.25 ? 4 * t : t < 0.75 ? 2 - 4 * t : 4 * t - 4;
            case SQUARE -> t < 0.5 ? 1 : -1;
            case SAW -> 2 * t - 1;
            case SAMPLE_AND_HOLD -> held;
        };
    }

    /**
     * sin(2πt) for t in [0, 1) by folding to a quarter cycle and a 9th-order Taylor polynomial:
     * error under 4e-6, cheaper than Math.sin, plenty for modulation.
     */
    static double sine(double t) {
        double u = t < 0.25 ? t : t < 0.75 ? 0.5 - t : t - 1; // in [−¼, ¼], same sine
        double x = 2 * Math.PI * u;
        double x2 = x * x;
        return x * (1 - x2 / 6 * (1 - x2 / 20 * (1 - x2 / 42 * (1 - x2 / 72))));
    }

    private float nextRandom() {
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        return ((random >>> 41) + 0.5f) * (1f / (1 << 22)) - 1f;
    }
}
