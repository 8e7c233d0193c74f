package dev.atelier.text.cli;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.text.train.export.WeightAverage;
import dev.atelier.text.train.gpt.GptConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atelier text average}: checkpoint averaging of trained GPT GGUFs. */
@Command(name = "average", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes the element-wise mean of the weights of several GPT-2-architecture GGUFs of one shape and "
            + "one tokenizer (checkpoint averaging): e.g. the checkpoints `atelier text train` wrote over the last part "
            + "of a run, whose mean usually scores better on held-out text than any one of them. Trainer checkpoints "
            + "are accepted; only their model weights are read. Measure the result with `atelier text eval`.")
public final class AverageCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "MODEL", description = "gpt2 .gguf files (models or trainer checkpoints) to average, equally weighted.")
    List<Path> models;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The averaged model .gguf (written atomically).")
    Path out;

    @Option(names = "--name", defaultValue = "averaged", paramLabel = "NAME", description = "general.name of the written model. Default: ${DEFAULT-VALUE}.")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            NativeRuntime.configure();
            GptConfig config = WeightAverage.average(models, this.out, name);
            out.printf("averaged %d models (%s) into %s%n", models.size(), config, this.out);
            out.flush();
            return 0;
        } catch (AtelierException e) {
            return CliErrors.report(spec, e);
        }
    }
}
