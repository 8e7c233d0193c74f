package dev.atelier.ganvae.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** The command line that ran, as a user would type it, for manifests. */
final class CommandLines {
    private CommandLines() {
    }

    static String of(CommandSpec spec) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        StringBuilder sb = new StringBuilder("bin/atelier image");
        for (String a : args) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./:=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }
}
