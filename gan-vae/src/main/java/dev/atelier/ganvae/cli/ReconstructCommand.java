package dev.atelier.ganvae.cli;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.model.ImageSpec;
import dev.atelier.ganvae.model.Vae;
import dev.atelier.ganvae.sample.GeneratorModel;
import dev.atelier.ganvae.sample.ImageGrid;
import dev.atelier.vision.image.ImageIo;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = {"Encode images with a VAE and decode them again (z = μ of q(z|x)).",
                "Writes a PNG with the inputs in the top row and their reconstructions below; --print-latent "
                        + "also prints each image's code."})
final class ReconstructCommand implements Callable<Integer> {
    static final int MAX_IMAGES = 64;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Mixin
    ModelOptions model;

    @Mixin
    ConditionOptions condition;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images to reconstruct (resized to the model's size).")
    List<Path> images;

    @Option(names = "--print-latent", description = "Print the latent code of each image.")
    boolean printLatent;

    @Option(names = {"-o", "--out"}, required = true, description = "The PNG to write.")
    Path out;

    @Override
    public Integer call() {
        if (images.size() > MAX_IMAGES) {
            throw AtelierException.invalidArgument("images", "at most " + MAX_IMAGES + " images at once");
        }
        try (GeneratorModel generator = model.load()) {
            Vae vae = generator.vae();
            if (vae == null) {
                throw AtelierException.invalidArgument("model", "reconstruction needs a VAE; this model is a GAN");
            }
            ImageSpec spec = vae.image();
            int n = images.size();
            float[] x = new float[n * spec.pixels()];
            for (int i = 0; i < n; i++) {
                float[] one = dev.atelier.ganvae.data.ImageSources.floats(ImageIo.read(images.get(i)), spec);
                System.arraycopy(one, 0, x, i * spec.pixels(), spec.pixels());
            }
            float[] row = condition.row(generator);
            float[] c = null;
            if (row != null) {
                c = new float[n * row.length];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(row, 0, c, i * row.length, row.length);
                }
            }
            float[] z = vae.encode(x, c, n);
            float[] back = vae.decode(z, c, n);
            if (printLatent) {
                for (int i = 0; i < n; i++) {
                    StringBuilder sb = new StringBuilder(images.get(i).getFileName().toString()).append(':');
                    for (int k = 0; k < vae.latentDim(); k++) {
                        sb.append(String.format(Locale.ROOT, " %.3f", z[i * vae.latentDim() + k]));
                    }
                    command.commandLine().getOut().println(sb);
                }
            }
            List<BufferedImage> all = new ArrayList<>(ImageGrid.images(x, spec, n));
            all.addAll(ImageGrid.images(back, spec, n));
            ImageIo.writePng(ImageGrid.grid(all, n, 2), out);
            command.commandLine().getOut().println("wrote " + n + " reconstructions to " + out);
        }
        return 0;
    }
}
