package dev.atelier.ganvae.sample;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.model.Condition;
import dev.atelier.ganvae.model.GanConfig;
import dev.atelier.ganvae.model.ImageSpec;
import dev.atelier.ganvae.model.VaeConfig;
import java.util.List;

/**
 * {@code generator.json} of an exported generator: which kind, its config, and what its condition
 * means: class names for a class-conditional model, the text encoder and the words of its training
 * captions for a text-conditional one.
 */
public record ModelDescription(String kind, GanConfig gan, VaeConfig vae, List<String> classes, String textEncoder,
        List<String> vocabulary) {

    public static final String FILE = "generator.json";
    public static final String GAN = "gan";
    public static final String VAE = "vae";

    public ModelDescription {
        if (GAN.equals(kind) ? gan == null : !VAE.equals(kind) || vae == null) {
            throw AtelierException.invalidArgument("kind", "a generator is a 'gan' with its config or a 'vae' with its");
        }
        classes = classes == null ? List.of() : List.copyOf(classes);
        vocabulary = vocabulary == null ? List.of() : List.copyOf(vocabulary);
    }

    public ImageSpec image() {
        return gan != null ? gan.image() : vae.image();
    }

    public Condition condition() {
        return gan != null ? gan.condition() : vae.condition();
    }
}
