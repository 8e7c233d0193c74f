package dev.atelier.ganvae.model;

/**
 * What sampling needs of a trained generator: noise (and a condition) in, images out. Implemented
 * by the GAN generator and by the VAE decoder.
 */
public interface ImageDecoder extends AutoCloseable {

    ImageSpec image();

    int latentDim();

    Condition condition();

    /**
     * Images for {@code count} noise rows {@code z} (count x latentDim) and condition rows
     * {@code c} (count x condition dimension, or null when unconditional): CHW floats in [0, 1].
     */
    float[] decode(float[] z, float[] c, int count);

    @Override
    void close();
}
