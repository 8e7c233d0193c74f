package dev.atelier.text.cli;

import picocli.CommandLine.Command;

/** {@code atelier text …}: the language-model engine from the command line. */
@Command(name = "text", mixinStandardHelpOptions = true,
        description = "Run GGUF language models (Llama, Qwen2, GPT-2) on the CPU.",
        subcommands = {GenerateCommand.class, BenchCommand.class})
public final class TextCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
