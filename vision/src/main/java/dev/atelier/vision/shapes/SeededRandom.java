package dev.atelier.vision.shapes;

/**
 * SplitMix64 (Steele, Lea and Flood 2014), written out here so that a seed gives the same dataset
 * on every JDK: {@code java.util} generators do not promise their algorithms across versions.
 */
final class SeededRandom {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SeededRandom(long seed) {
        this.state = seed;
    }

    /** An independent stream for item {@code index} of stream {@code stream} under {@code seed}. */
    static SeededRandom forItem(long seed, long stream, long index) {
        long s = mix(seed + GOLDEN_GAMMA * (stream + 1));
        return new SeededRandom(mix(s + GOLDEN_GAMMA * (index + 1)));
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, bound), without modulo bias. */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long limit = (1L << 31) - (1L << 31) % bound;
        long r;
        do {
            r = nextLong() >>> 33;
        } while (r >= limit);
        return (int) (r % bound);
    }

    /** Uniform in [min, max], both inclusive. */
    int nextInt(int min, int max) {
        return min + nextInt(max - min + 1);
    }

    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    double nextGaussian() {
        // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
        double u = 1 - nextDouble();
        double v = nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    <T> T pick(T[] values) {
        return values[nextInt(values.length)];
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
