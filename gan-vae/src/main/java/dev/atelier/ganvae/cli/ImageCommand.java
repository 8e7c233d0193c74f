package dev.atelier.ganvae.cli;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.runtime.NativeRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code atelier image}: train GAN and VAE image generators, sample them, text to image. */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "GAN and VAE image generators: training, sampling, interpolation, reconstruction, text to image.",
        subcommands = {TrainGanCommand.class, TrainVaeCommand.class, GenerateCommand.class, InterpolateCommand.class,
                ReconstructCommand.class, ExportCommand.class, TrainClassifierCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class ImageCommand {

    /** Runs the group on its own (java -cp … dev.atelier.ganvae.cli.ImageCommand train-gan …). */
    public static void main(String[] args) {
        NativeRuntime.configure();
        CommandLine cli = new CommandLine(new ImageCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof AtelierException ae) {
                cmd.getErr().println("atelier image: " + ae.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }
}
