package dev.atelier.text.cli;

import dev.atelier.core.error.AtelierException;
import picocli.CommandLine.Model.CommandSpec;

/** How the text commands report a refused input: "error: …" on the command's error stream, exit code 2. */
final class CliErrors {
    static final int EXIT_BAD_INPUT = 2;

    private CliErrors() {
    }

    static int report(CommandSpec spec, AtelierException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        spec.commandLine().getErr().flush();
        return EXIT_BAD_INPUT;
    }
}
