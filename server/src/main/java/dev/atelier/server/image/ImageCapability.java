package dev.atelier.server.image;

import dev.atelier.core.model.VerifiedModel;
import dev.atelier.ganvae.sample.ClassToImage;
import dev.atelier.ganvae.sample.GeneratorModel;
import dev.atelier.ganvae.sample.TextToImage;
import dev.atelier.server.ModelBinding;
import java.util.Set;

/**
 * Binds a verified {@code text-to-image} model (a GAN-INT-CLS generator or a conditional VAE from
 * {@code gan-vae}, conditioned on the prompt embedding of the text encoder it names), or a {@code class-to-image}
 * model (the class-conditional MNIST GAN and CVAE), to the gateway.
 */
public final class ImageCapability {
    private ImageCapability() {
    }

    public static ModelBinding bind(VerifiedModel model) {
        return new ModelBinding(Set.of(ImageHandler.TASK), (name, device) -> {
            return new ImageHandler(TextToImage.open(model.folder()));
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
