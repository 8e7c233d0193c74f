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

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Draw images from a generator into one PNG grid.",
                "Same seed, same images: image i of a seed is always the same, whatever --count.",
                "Example: atelier image generate --prompt \"a large yellow triangle above a small blue circle\" "
                        + "--count 4 --seed 7 -o out.png"})
final class GenerateCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Mixin
    ModelOptions model;

    @Mixin
    ConditionOptions condition;

    @Option(names = "--count", defaultValue = "4", description = "How many images, 1 to " + Sampler.MAX_COUNT + " (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "0", description = "Noise seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--truncation", defaultValue = "0",
            description = "Redraw noise components beyond ±t: fewer odd images, less variety (0 = off, else 0.1 to 10).")
    double truncation;

    @Option(names = "--columns", defaultValue = "8", description = "Images per row of the grid (default: ${DEFAULT-VALUE}).")
    int columns;

    @Option(names = "--scale", defaultValue = "2", description = "Pixel enlargement in the grid, 1 to 16 (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = {"-o", "--out"}, required = true, description = "The PNG to write.")
    Path out;

    @Override
    public Integer call() {
        Sampler.checkCount(count);
        if (columns < 1 || columns > 64) {
            throw AtelierException.invalidArgument("columns", "--columns must be in [1, 64]");
        }
        try (GeneratorModel generator = model.load()) {
            List<BufferedImage> images = new Sampler(generator.decoder()).images(condition.row(generator), count, seed,
                    truncation);
            ImageIo.writePng(ImageGrid.grid(images, Math.min(columns, count), scale), out);
            command.commandLine().getOut().println("wrote " + count + " images to " + out);
        }
        return 0;
    }
}
