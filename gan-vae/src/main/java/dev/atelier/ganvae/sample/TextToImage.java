package dev.atelier.ganvae.sample;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.model.Condition;
import dev.atelier.ganvae.text.PromptEncoder;
import java.nio.file.Path;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * A prompt in, pictures out: the prompt's embedding (by the text encoder the model was trained
 * with, {@link GeneratorModel#openPromptEncoder()}) is the condition of a text-conditional generator (GAN-INT-CLS GAN or CVAE).
 */
public final class TextToImage implements AutoCloseable {
    private final GeneratorModel model;
    private final PromptEncoder encoder;
    private final Sampler sampler;

    /** The text-to-image model in {@code folder} with the text encoder it was trained with. */
    public static TextToImage open(Path folder) {
        GeneratorModel model = GeneratorModel.load(folder);
        try {
            return new TextToImage(model, model.openPromptEncoder());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Takes ownership of both. */
    public TextToImage(GeneratorModel model, PromptEncoder encoder) {
        this.model = Objects.requireNonNull(model, "model");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        if (model.condition().kind() != Condition.Kind.TEXT) {
            throw AtelierException.invalidArgument("model", "this generator is not text-conditional");
        }
        if (encoder.dimension() != model.condition().dimension()) {
            throw AtelierException.unavailable("the text encoder makes " + encoder.dimension()
                    + "-d vectors, the generator expects " + model.condition().dimension());
        }
        this.sampler = new Sampler(model.decoder());
    }

    public GeneratorModel model() {
        return model;
    }

    /** The condition row for {@code prompt} (checked by {@link Prompts#check}). */
    public float[] embed(String prompt) {
        return encoder.embed(Prompts.check(prompt, model.description().vocabulary()));
    }

    public List<BufferedImage> generate(String prompt, int count, long seed, double truncation) {
        Sampler.checkCount(count);
        return sampler.images(embed(prompt), count, seed, truncation);
    }

    public Sampler sampler() {
        return sampler;
    }

    @Override
    public void close() {
        try {
            model.close();
        } finally {
            encoder.close();
        }
    }
}
