package dev.atelier.ganvae.model;

import dev.atelier.core.error.AtelierException;
import java.util.Objects;

/**
 * A convolutional VAE (Kingma and Welling 2013), conditional (Sohn et al. 2015) when
 * {@code condition} is present: the encoder sees the condition joined to its last feature map, the
 * decoder sees it joined to z. Loss: Bernoulli reconstruction (binary cross-entropy summed over
 * pixels) + {@code beta} · KL(q(z|x,c) ‖ N(0, I)); beta = 1 is the plain VAE, larger trades
 * sharpness for a smoother latent space (Higgins et al. 2017).
 *
 * <p>{@code slots} chooses the decoder: 0, the DCGAN up-stack ({@link Generator}); 1 or more, a
 * {@link LayeredDecoder} that paints that many object layers. (A generator.json written before
 * the field existed has none, and reads as 0.)
 */
public record VaeConfig(ImageSpec image, int latentDim, Condition condition, int width, double beta, int slots) {

    public static final int MAX_SLOTS = 8;

    public VaeConfig {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(condition, "condition");
        GanConfig.check("latentDim", latentDim, 1, 1024);
        GanConfig.check("width", width, 1, 1024);
        if (!(beta >= 0 && beta <= 1000)) {
            throw AtelierException.invalidArgument("beta", "beta must be in [0, 1000], got " + beta);
        }
        GanConfig.check("slots", slots, 0, MAX_SLOTS);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** setImage is required. */
    public static final class Builder {
        private ImageSpec image;
        private int latentDim = 20;
        private Condition condition = Condition.NONE;
        private int width = 32;
        private double beta = 1.0;
        private int slots;

        public Builder setImage(int channels, int size) {
            this.image = new ImageSpec(channels, size);
            return this;
        }

        public Builder optLatentDim(int latentDim) {
            this.latentDim = latentDim;
            return this;
        }

        public Builder optCondition(Condition condition) {
            this.condition = condition;
            return this;
        }

        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        public Builder optBeta(double beta) {
            this.beta = beta;
            return this;
        }

        /** Object layers of a {@link LayeredDecoder}; 0 (the default) for the DCGAN decoder. */
        public Builder optSlots(int slots) {
            this.slots = slots;
            return this;
        }

        public VaeConfig build() {
            if (image == null) {
                throw AtelierException.invalidArgument("image", "the image size and channels are required");
            }
            return new VaeConfig(image, latentDim, condition, width, beta, slots);
        }
    }
}
