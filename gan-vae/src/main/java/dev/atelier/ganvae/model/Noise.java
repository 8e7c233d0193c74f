package dev.atelier.ganvae.model;

import dev.atelier.core.error.AtelierException;
import java.util.SplittableRandom;

/**
 * Gaussian noise drawn on the JVM from (seed, stream), so a sample is a pure function of its seed:
 * image {@code i} of a request with seed {@code s} uses stream {@code i}, whatever the batch size.
 * With a truncation {@code t > 0}, every component with |z| > t is drawn again (the truncation
 * trick: less variety, more typical images).
 */
public final class Noise {
    public static final double MAX_TRUNCATION = 10;

    private Noise() {
    }

    /** One vector of {@code dim} N(0, 1) values (truncated when {@code truncation > 0}). */
    public static float[] vector(long seed, long stream, int dim, double truncation) {
        checkTruncation(truncation);
        SplittableRandom rng = random(seed, stream);
        float[] z = new float[dim];
        for (int i = 0; i < dim; i++) {
            double v;
            do {
                v = rng.nextGaussian();
            } while (truncation > 0 && Math.abs(v) > truncation);
            z[i] = (float) v;
        }
        return z;
    }

    /** {@code count} vectors, streams {@code firstStream .. firstStream + count - 1}, row-major. */
    public static float[] batch(long seed, long firstStream, int count, int dim, double truncation) {
        float[] out = new float[count * dim];
        for (int i = 0; i < count; i++) {
            System.arraycopy(vector(seed, firstStream + i, dim, truncation), 0, out, i * dim, dim);
        }
        return out;
    }

    /** A generator for (seed, stream): mixes both so nearby seeds give unrelated streams. */
    public static SplittableRandom random(long seed, long stream) {
        return new SplittableRandom(mix(seed) ^ mix(stream * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
    }

    public static void checkTruncation(double truncation) {
        if (!(truncation == 0 || (truncation >= 0.1 && truncation <= MAX_TRUNCATION))) {
            throw AtelierException.invalidArgument("truncation", "truncation must be 0 (off) or in [0.1, "
                    + MAX_TRUNCATION + "], got " + truncation);
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
