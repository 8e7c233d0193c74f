package dev.atelier.text.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code atelier text …}: the language-model engine, its file tools and training from the command line. */
@Command(name = "text", mixinStandardHelpOptions = true,
        description = "Run, convert, quantize, benchmark and train GGUF language models (Llama, Qwen2, GPT-2) on the CPU.",
        subcommands = {
                GenerateCommand.class,
                BenchCommand.class,
                ConvertCommand.class,
                QuantizeCommand.class,
                RandomModelCommand.class,
                TrainTokenizerCommand.class,
                TrainCommand.class,
                EvalCommand.class,
                AverageCommand.class})
public final class TextCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
