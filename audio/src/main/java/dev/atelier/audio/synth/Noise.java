package dev.atelier.audio.synth;

/**
 * White or pink noise with zero mean, from a seeded xorshift generator so renders repeat exactly.
 * Uniform samples are centred on the half-step grid, so even the quantised generator has mean 0.
 */
public final class Noise extends UnitGenerator {
    private static final double WHITE_RMS = 1 / Math.sqrt(3);
    private static final double PINK_RMS = 0.25;

    public final InputPort amplitude;
    public final OutputPort output;

    private final NoiseColor color;
    private final long seed;
    private final PinkingFilter pinking;
    private long state;

    public Noise(int sampleRate, NoiseColor color, long seed) {
        super(sampleRate);
        this.color = java.util.Objects.requireNonNull(color, "color");
        this.seed = seed;
        amplitude = addInput("amplitude", 1.0);
        output = addOutput("output");
        pinking = color == NoiseColor.PINK ? new PinkingFilter(sampleRate, PINK_RMS, WHITE_RMS) : null;
        reset();
    }

    public NoiseColor color() {
        return color;
    }

    @Override
    public void reset() {
        // Scramble the seed so small seeds (0, 1, 2) still start far apart; never all-zero.
        long s = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        state = s == 0 ? 0x2545F4914F6CDD1DL : s;
        if (pinking != null) {
            pinking.reset();
        }
    }

    @Override
    protected void generate(int frames) {
        float[] a = amplitude.values();
        float[] out = output.values();
        long s = state;
        for (int i = 0; i < frames; i++) {
            s ^= s << 13;
            s ^= s >>> 7;
            s ^= s << 17;
            // 23 random bits k -> (k + ½)/2^22 − 1: exact in float and symmetric about 0.
            float white = ((s >>> 41) + 0.5f) * (1f / (1 << 22)) - 1f;
            out[i] = a[i] * (pinking == null ? white : pinking.process(white));
        }
        state = s;
    }
}
