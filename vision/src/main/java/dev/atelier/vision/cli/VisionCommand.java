package dev.atelier.vision.cli;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.runtime.NativeRuntime;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code atelier vision ...}: train and use the CLIP models and captioners. Also runnable on its own
 * ({@code java -cp ... dev.atelier.vision.cli.VisionCommand train-clip --help}).
 */
@Command(name = "vision", mixinStandardHelpOptions = true,
        description = "Text-image models: train CLIP and captioners, classify, caption, retrieve and embed images.",
        subcommands = {TrainClipCommand.class, EvaluateClipCommand.class, TrainCaptionerCommand.class,
            EvaluateCaptionerCommand.class, ClassifyCommand.class, CaptionCommand.class, RetrieveCommand.class,
            EmbedCommand.class, CommandLine.HelpCommand.class})
public final class VisionCommand {

    /**
     * The everyday commands a launcher also offers at its top level ({@code atelier caption IMAGE},
     * {@code atelier classify IMAGE --labels a,b,c}, {@code atelier embed ...}): name → a new
     * command object, the same ones {@code atelier vision} runs.
     */
    public static Map<String, Object> shortcuts() {
        Map<String, Object> commands = new LinkedHashMap<>();
        commands.put("caption", new CaptionCommand());
        commands.put("classify", new ClassifyCommand());
        commands.put("embed", new EmbedCommand());
        return commands;
    }

    public static void main(String[] args) {
        NativeRuntime.configure();
        CommandLine cli = new CommandLine(new VisionCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof AtelierException ae) {
                cmd.getErr().println("vision: " + ae.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }
}
