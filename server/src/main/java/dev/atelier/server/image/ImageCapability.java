package dev.atelier.server.image;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.VerifiedModel;
import dev.atelier.ganvae.sample.ClassToImage;
import dev.atelier.ganvae.sample.GeneratorModel;
import dev.atelier.ganvae.sample.TextToImage;
import dev.atelier.server.ModelBinding;
import dev.atelier.text.embedding.SentenceEncoder;
import java.util.Set;

/**
 * Binds a verified {@code text-to-image} model (a GAN-INT-CLS generator or a conditional VAE from
 * {@code gan-vae}, conditioned on all-MiniLM-L6-v2 sentence embeddings), or a {@code class-to-image}
 * model (the class-conditional MNIST GAN and CVAE), to the gateway.
 */
public final class ImageCapability {
    private ImageCapability() {
    }

    public static ModelBinding bind(VerifiedModel model) {
        return new ModelBinding(Set.of(ImageHandler.TASK), (name, device) -> {
            GeneratorModel generator = GeneratorModel.load(model.folder());
            String encoderName = generator.description().textEncoder();
            if (!"all-minilm-l6-v2".equals(encoderName)) {
                generator.close();
                throw AtelierException.unavailable("model '" + name + "' needs text encoder '" + encoderName
                        + "', which this gateway does not have");
            }
            return new ImageHandler(new TextToImage(generator, SentenceEncoder.allMiniLmL6V2()));
        });
    }

    public static ModelBinding bindClasses(VerifiedModel model) {
        return new ModelBinding(Set.of(ClassImageHandler.TASK), (name, device) -> {
            GeneratorModel generator = GeneratorModel.load(model.folder());
            try {
                return new ClassImageHandler(new ClassToImage(generator));
            } catch (RuntimeException e) { // not a class-conditional generator after all
                generator.close();
                throw e;
            }
        });
    }
}
