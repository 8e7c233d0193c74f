package dev.atelier.ganvae.model;

import dev.atelier.core.error.AtelierException;
import java.util.Objects;

/**
 * A DCGAN (Radford et al. 2015), conditional in the GAN-INT-CLS manner (Reed et al. 2016) when
 * {@code condition} is present. {@code generatorWidth} is the channel count of the generator's last
 * hidden layer (the paper's 128 for 64 x 64, doubling towards the noise); {@code discriminatorWidth}
 * that of the discriminator's first layer, doubling towards the score.
 */
public record GanConfig(ImageSpec image, int latentDim, Condition condition, int generatorWidth,
        int discriminatorWidth) {

    public GanConfig {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(condition, "condition");
        check("latentDim", latentDim, 1, 1024);
        check("generatorWidth", generatorWidth, 1, 1024);
        check("discriminatorWidth", discriminatorWidth, 1, 1024);
    }

    static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw AtelierException.invalidArgument(name, name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** setImage is required; the rest default to a small DCGAN. */
    public static final class Builder {
        private ImageSpec image;
        private int latentDim = 100;
        private Condition condition = Condition.NONE;
        private int generatorWidth = 64;
        private int discriminatorWidth = 64;

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

        public Builder optGeneratorWidth(int width) {
            this.generatorWidth = width;
            return this;
        }

        public Builder optDiscriminatorWidth(int width) {
            this.discriminatorWidth = width;
            return this;
        }

        public GanConfig build() {
            if (image == null) {
                throw AtelierException.invalidArgument("image", "the image size and channels are required");
            }
            return new GanConfig(image, latentDim, condition, generatorWidth, discriminatorWidth);
        }
    }
}
