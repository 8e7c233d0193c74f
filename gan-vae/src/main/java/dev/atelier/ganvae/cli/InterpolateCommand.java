package dev.atelier.ganvae.cli;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.sample.GeneratorModel;
import dev.atelier.ganvae.sample.ImageGrid;
import dev.atelier.ganvae.sample.Sampler;
import dev.atelier.vision.image.ImageIo;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "interpolate", mixinStandardHelpOptions = true,
        description = {"Write a strip of images along a straight line in latent space, from the noise of --seed-a "
                + "to that of --seed-b, under one condition.",
                "With --to-prompt (text models) or --to-class, the noise stays and the condition moves instead."})
final class InterpolateCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Mixin
    ModelOptions model;

    @Mixin
    ConditionOptions condition;

    @Option(names = "--seed-a", defaultValue = "0", description = "Seed of the first image (default: ${DEFAULT-VALUE}).")
    long seedA;

    @Option(names = "--seed-b", defaultValue = "1", description = "Seed of the last image (default: ${DEFAULT-VALUE}).")
    long seedB;

    @Option(names = "--to-prompt", description = "Interpolate the condition towards this prompt instead.")
    String toPrompt;

    @Option(names = "--to-class", description = "Interpolate the condition towards this class instead.")
    Integer toClass;

    @Option(names = "--steps", defaultValue = "8", description = "Images in the strip, 2 to " + Sampler.MAX_STEPS + " (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--scale", defaultValue = "2", description = "Pixel enlargement (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = {"-o", "--out"}, required = true, description = "The PNG strip to write.")
    Path out;

    @Override
    public Integer call() {
        try (GeneratorModel generator = model.load()) {
            Sampler sampler = new Sampler(generator.decoder());
            float[] from = condition.row(generator);
            List<BufferedImage> strip;
            if (toPrompt != null || toClass != null) {
                if (from == null) {
                    throw AtelierException.invalidArgument("to", "an unconditional model has no condition to move");
                }
                float[] to = ConditionOptions.row(generator, toPrompt, toClass);
                strip = sampler.interpolateCondition(from, to, seedA, steps);
            } else {
                strip = sampler.interpolate(from, seedA, seedB, steps);
            }
            ImageIo.writePng(ImageGrid.grid(strip, steps, scale), out);
            command.commandLine().getOut().println("wrote a strip of " + steps + " images to " + out);
        }
        return 0;
    }
}
