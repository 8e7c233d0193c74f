package dev.atelier.ganvae.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** The command line that ran, as a user would type it, for manifests. */
final class CommandLines {
    private CommandLines() {
    }

    static String of(CommandSpec spec) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        // Under the top-level atelier command the original arguments start with "image": skip to
        // this subcommand's own name so it is not written twice.
        int own = Math.max(0, args.indexOf(spec.name()));
        StringBuilder sb = new StringBuilder("bin/atelier image");
        for (String a : args.subList(own, args.size())) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./:=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }
}
