package dev.atelier.cli;

import dev.atelier.audio.cli.AudioCommand;
import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.cli.ImageCommand;
import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.text.cli.TextCommand;
import dev.atelier.vision.cli.VisionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code atelier} launcher. Each capability adds its own subcommand when it lands; vision's
 * everyday commands are also offered at the top level ({@code atelier caption IMAGE}).
 * Typed errors print one line and exit with status 2; anything else is a bug and prints its stack.
 */
@Command(name = "atelier", mixinStandardHelpOptions = true, version = "atelier 0.1.0-SNAPSHOT",
        description = "Generative models for the JVM: text, images and audio behind one gateway.",
        subcommands = {
                ServeCommand.class,
                ModelsCommand.class,
                BenchCommand.class,
                AudioCommand.class,
                TextCommand.class,
                VisionCommand.class,
                ImageCommand.class,
                CommandLine.HelpCommand.class})
public final class Atelier {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        NativeRuntime.configure();
        CommandLine cli = new CommandLine(new Atelier());
        VisionCommand.shortcuts().forEach(cli::addSubcommand); // atelier caption|classify|embed = atelier vision …
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof AtelierException ae) {
                cmd.getErr().println("atelier: " + ae.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
