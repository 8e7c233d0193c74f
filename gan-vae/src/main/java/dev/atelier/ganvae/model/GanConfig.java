package dev.atelier.ganvae.model;

import dev.atelier.core.error.AtelierException;
import java.util.Objects;

/**
 * A DCGAN (Radford et al. 2015), conditional when {@code condition} is present: the generator takes
 * the compressed condition next to the noise (GAN-INT-CLS, Reed et al. 2016), the discriminator
 * sees it as {@code discriminatorCondition} says. {@code generatorWidth} is the channel count of the
 * generator's last hidden layer (the paper's 128 for 64 x 64, doubling towards the noise);
 * {@code discriminatorWidth} that of the discriminator's first layer, doubling towards the score.
 *
 * <p>A null {@code discriminatorCondition} (configs saved before it existed) means
 * {@link DiscriminatorCondition#CONCAT}, what those models were trained with; the builder instead
 * picks {@link DiscriminatorCondition#defaultFor} the condition.
 *
 * <p>{@code slots} chooses the generator: 0, the DCGAN up-stack; 1 or more, a {@link LayeredDecoder}
 * painting that many object layers (configs saved before the field existed read as 0).
 */
public record GanConfig(ImageSpec image, int latentDim, Condition condition, int generatorWidth,
        int discriminatorWidth, DiscriminatorCondition discriminatorCondition, int slots) {

    public GanConfig {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(condition, "condition");
        if (discriminatorCondition == null) {
            discriminatorCondition = DiscriminatorCondition.CONCAT;
        }
        check("latentDim", latentDim, 1, 1024);
        check("generatorWidth", generatorWidth, 1, 1024);
        check("discriminatorWidth", discriminatorWidth, 1, 1024);
        check("slots", slots, 0, VaeConfig.MAX_SLOTS);
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
        private DiscriminatorCondition discriminatorCondition;
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

        public Builder optGeneratorWidth(int width) {
            this.generatorWidth = width;
            return this;
        }

        public Builder optDiscriminatorWidth(int width) {
            this.discriminatorWidth = width;
            return this;
        }

        /** How the discriminator sees the condition (default: {@link DiscriminatorCondition#defaultFor}). */
        public Builder optDiscriminatorCondition(DiscriminatorCondition how) {
            this.discriminatorCondition = how;
            return this;
        }

        /** Object layers of a {@link LayeredDecoder} generator; 0 (the default) for the DCGAN one. */
        public Builder optSlots(int slots) {
            this.slots = slots;
            return this;
        }

        public GanConfig build() {
            if (image == null) {
                throw AtelierException.invalidArgument("image", "the image size and channels are required");
            }
            return new GanConfig(image, latentDim, condition, generatorWidth, discriminatorWidth,
                    discriminatorCondition != null ? discriminatorCondition : DiscriminatorCondition.defaultFor(condition), slots);
        }
    }
}
