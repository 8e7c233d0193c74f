package dev.atelier.audio.cli;

import dev.atelier.audio.speech.Speech;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atelier audio speak}: offline text-to-speech. */
@Command(name = "speak", mixinStandardHelpOptions = true,
        description = {"Speak English text offline (FreeTTS, voice kevin16), resampled and loudness-normalised.",
                "Example: atelier audio speak \"Hello from Atelier.\" -o hello.wav"})
public final class SpeakCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "TEXT", description = "The text to speak (or use --text).")
    String positional;

    @Option(names = "--text", paramLabel = "TEXT", description = "The text to speak, at most 2000 characters.")
    String text;

    @Option(names = "--speed", defaultValue = "1.0", paramLabel = "X", description = "Speaking rate, 0.5 to 2 (default ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--sample-rate", paramLabel = "HZ", defaultValue = "24000", description = "Sample rate (default ${DEFAULT-VALUE}).")
    int sampleRate;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        String t = text != null ? text : positional;
        output.write(Speech.say(t, sampleRate, speed), spec.commandLine().getOut());
        return 0;
    }
}
