package dev.atelier.ganvae.sample;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.model.ImageDecoder;
import dev.atelier.ganvae.model.Noise;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Sampling from a trained generator. Image {@code i} of a call with seed {@code s} comes from
 * noise stream (s, i): the same seed gives the same images, and asking for more images only adds
 * new ones after the old. With {@code truncation t > 0}, noise components beyond ±t are redrawn.
 */
public final class Sampler {
    public static final int MAX_COUNT = 256;
    public static final int MAX_STEPS = 64;
    /** Images decoded at once: bounds memory whatever the count. */
    private static final int CHUNK = 64;

    private final ImageDecoder decoder;

    public Sampler(ImageDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * {@code count} images for one condition row {@code condition} (null when unconditional) as CHW
     * floats in [0, 1].
     */
    public float[] sample(float[] condition, int count, long seed, double truncation) {
        checkCount(count);
        Noise.checkTruncation(truncation);
        int latent = decoder.latentDim();
        float[] z = Noise.batch(seed, 0, count, latent, truncation);
        return decodeChunked(z, repeat(condition, count), count);
    }

    public List<BufferedImage> images(float[] condition, int count, long seed, double truncation) {
        return ImageGrid.images(sample(condition, count, seed, truncation), decoder.image(), count);
    }

    /**
     * A strip of {@code steps} images walking in a straight line from the noise of (seedA, image 0)
     * to that of (seedB, image 0) under one condition: a smooth strip shows a continuous latent space.
     */
    public List<BufferedImage> interpolate(float[] condition, long seedA, long seedB, int steps) {
        if (steps < 2 || steps > MAX_STEPS) {
            throw AtelierException.invalidArgument("steps", "interpolation steps must be in [2, " + MAX_STEPS
                    + "], got " + steps);
        }
        int latent = decoder.latentDim();
        float[] a = Noise.vector(seedA, 0, latent, 0);
        float[] b = Noise.vector(seedB, 0, latent, 0);
        float[] z = new float[steps * latent];
        for (int s = 0; s < steps; s++) {
            float t = s / (float) (steps - 1);
            for (int i = 0; i < latent; i++) {
                z[s * latent + i] = (1 - t) * a[i] + t * b[i];
            }
        }
        return ImageGrid.images(decodeChunked(z, repeat(condition, steps), steps), decoder.image(), steps);
    }

    /**
     * A strip of {@code steps} images from one noise vector while the condition moves from
     * {@code from} to {@code to} (GAN-INT: the generator also learnt the space between captions).
     */
    public List<BufferedImage> interpolateCondition(float[] from, float[] to, long seed, int steps) {
        if (steps < 2 || steps > MAX_STEPS) {
            throw AtelierException.invalidArgument("steps", "interpolation steps must be in [2, " + MAX_STEPS
                    + "], got " + steps);
        }
        int latent = decoder.latentDim();
        float[] one = Noise.vector(seed, 0, latent, 0);
        float[] z = new float[steps * latent];
        float[] c = new float[steps * from.length];
        for (int s = 0; s < steps; s++) {
            float t = s / (float) (steps - 1);
            System.arraycopy(one, 0, z, s * latent, latent);
            for (int i = 0; i < from.length; i++) {
                c[s * from.length + i] = (1 - t) * from[i] + t * to[i];
            }
        }
        return ImageGrid.images(decodeChunked(z, c, steps), decoder.image(), steps);
    }

    float[] decodeChunked(float[] z, float[] c, int count) {
        int latent = decoder.latentDim();
        int pixels = decoder.image().pixels();
        int condDim = decoder.condition().dimension();
        float[] out = new float[count * pixels];
        for (int from = 0; from < count; from += CHUNK) {
            int n = Math.min(CHUNK, count - from);
            float[] zc = java.util.Arrays.copyOfRange(z, from * latent, (from + n) * latent);
            float[] cc = c == null ? null : java.util.Arrays.copyOfRange(c, from * condDim, (from + n) * condDim);
            System.arraycopy(decoder.decode(zc, cc, n), 0, out, from * pixels, n * pixels);
        }
        return out;
    }

    private float[] repeat(float[] condition, int count) {
        if (!decoder.condition().present()) {
            return null;
        }
        int d = decoder.condition().dimension();
        if (condition == null || condition.length != d) {
            throw AtelierException.invalidArgument("condition", "this generator needs a condition of " + d
                    + " values");
        }
        float[] c = new float[count * d];
        for (int i = 0; i < count; i++) {
            System.arraycopy(condition, 0, c, i * d, d);
        }
        return c;
    }

    public static void checkCount(int count) {
        if (count < 1 || count > MAX_COUNT) {
            throw AtelierException.invalidArgument("count", "the number of images must be in [1, " + MAX_COUNT
                    + "], got " + count);
        }
    }
}
