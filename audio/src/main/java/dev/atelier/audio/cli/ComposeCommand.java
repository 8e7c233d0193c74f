package dev.atelier.audio.cli;

import dev.atelier.audio.Clip;
import dev.atelier.audio.abc.AbcArranger;
import dev.atelier.audio.compose.Composer;
import dev.atelier.audio.compose.Composition;
import dev.atelier.audio.compose.Style;
import dev.atelier.audio.score.Score;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code atelier audio compose}: a new folk tune from the music language model, as ABC and audio. */
@Command(name = "compose", mixinStandardHelpOptions = true,
        description = {"Compose a new folk tune with the music language model (a small GPT trained on the",
                "Nottingham ABC collection) under an ABC grammar (well-formed, bars of the meter's length;",
                "--unconstrained samples raw), check that it parses, and render it with chords and bass.",
                "Styles: jig, reel, hornpipe, waltz, slipjig, morris, playford, ashover, christmas.",
                "Keys: G, D, A, C, Am, Em, F, Dm, Bb, Gm.",
                "Examples:",
                "  atelier audio compose --style jig --key G --seed 7 -o jig.wav --abc-out jig.abc",
                "  atelier audio compose --style waltz --key D --temperature 0.8 -o waltz.flac --spectrogram waltz.png"})
public final class ComposeCommand implements Callable<Integer> {
    /** The default model, under the models folder. */
    public static final String DEFAULT_MODEL = "nottingham-abc-gpt";

    @Spec
    CommandSpec spec;

    @Option(names = "--style", defaultValue = "jig", paramLabel = "STYLE", description = "Tune style (default ${DEFAULT-VALUE}).")
    String style;

    @Option(names = "--key", defaultValue = "G", paramLabel = "KEY", description = "Key signature (default ${DEFAULT-VALUE}).")
    String key;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Sampling seed; the same seed writes the same tune (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--temperature", defaultValue = "0.8", paramLabel = "T", description = "Sampling temperature in (0, 2] (default ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--model", paramLabel = "GGUF",
            description = "A model.gguf trained on compose-corpus text (default: the models folder's " + DEFAULT_MODEL + ").")
    Path model;

    @Option(names = "--unconstrained",
            description = "Sample the model's text raw, without the ABC grammar that keeps the tune well-formed and its bars of the meter's length.")
    boolean unconstrained;

    @Option(names = "--abc-out", paramLabel = "FILE", description = "Also write the tune's ABC text here.")
    Path abcOut;

    @Option(names = "--sample-rate", paramLabel = "HZ", defaultValue = "44100", description = "Sample rate, 8000 to 96000 (default ${DEFAULT-VALUE}).")
    int sampleRate;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Style s = Style.named(style);
        String k = Style.key(key);
        if (!(temperature > 0 && temperature <= 2)) {
            throw AtelierException.invalidArgument("temperature", "temperature must be in (0, 2], got " + temperature);
        }
        Path gguf = model != null ? model : ModelStore.defaultStore().open(DEFAULT_MODEL).file("model.gguf");
        if (!Files.isRegularFile(gguf)) {
            throw AtelierException.notFound("no such model file: " + AtelierException.quote(gguf.toString()));
        }
        Composition c = Composer.load(gguf, !unconstrained).compose(s, k, seed, temperature);
        out.printf(Locale.ROOT, "composed a %s in %s (seed %d, %d attempt%s): %d bars, %.0f%% of inner bars fit the meter%n",
                s.tag(), k, c.seed(), c.attempts(), c.attempts() == 1 ? "" : "s", c.tune().bars().size(), 100 * c.barAccuracy());
        out.print(c.abc());
        if (abcOut != null) {
            try {
                Path parent = abcOut.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(abcOut, c.abc(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw AtelierException.invalidArgument("abc-out", "cannot write " + AtelierException.quote(abcOut.toString()));
            }
            out.printf("wrote %s%n", abcOut);
        }
        Score score = AbcArranger.arrange(c.tune(), AbcArranger.Options.defaults());
        Clip clip = score.render(sampleRate);
        output.write(clip, out);
        return 0;
    }
}
