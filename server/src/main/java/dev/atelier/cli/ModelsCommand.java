package dev.atelier.cli;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.ModelIntegrityException;
import dev.atelier.core.model.ModelListing;
import dev.atelier.core.model.ModelManifest;
import dev.atelier.core.model.ModelStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atelier models list|verify}: what the model store holds, and whether its files are intact. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List or verify models in the model store.",
        subcommands = {ModelsCommand.ListCommand.class, ModelsCommand.VerifyCommand.class})
final class ModelsCommand {

    @Option(names = "--models-dir", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Model folder(s) to use instead of the default (repeatable).")
    List<Path> dirs;

    ModelStore store() {
        return dirs == null || dirs.isEmpty() ? ModelStore.defaultStore() : new ModelStore(dirs);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the models with their task, size and quality.")
    static final class ListCommand implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ModelsCommand parent;

        @Override
        public Integer call() {
            ModelListing listing = parent.store().scan();
            if (listing.models().isEmpty()) {
                System.out.println("no models in " + parent.store().roots());
            }
            for (ModelManifest m : listing.models()) {
                System.out.printf("%-24s %-18s %-6s %10s  %,d params  %s%n", m.name(), m.task(), m.format(),
                        humanBytes(m.totalSize()), m.parameters(), metrics(m.metrics()));
            }
            for (ModelIntegrityException p : listing.problems()) {
                System.out.println("BROKEN " + p.getMessage());
            }
            return listing.problems().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every file's size and sha256 against the manifest (all models, or the ones named).")
    static final class VerifyCommand implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ModelsCommand parent;

        @Parameters(arity = "0..*", paramLabel = "NAME")
        List<String> names;

        @Override
        public Integer call() {
            ModelStore store = parent.store();
            ModelListing listing = store.scan();
            List<String> toCheck = names == null || names.isEmpty() ? listing.names() : names;
            int bad = listing.problems().size();
            for (ModelIntegrityException p : listing.problems()) {
                System.out.println("FAIL " + p.getMessage());
            }
            for (String name : toCheck) {
                try {
                    store.open(name);
                    System.out.println("ok   " + name);
                } catch (AtelierException e) {
                    bad++;
                    System.out.println("FAIL " + e.getMessage());
                }
            }
            System.out.println(bad == 0 ? "all models verified" : bad + " problem(s)");
            return bad == 0 ? 0 : 1;
        }
    }

    static String metrics(Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder();
        metrics.forEach((k, v) -> sb.append(k).append('=').append(String.format("%.4g", v)).append(' '));
        return sb.toString().strip();
    }

    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double kib = bytes / 1024.0;
        return kib < 1024 ? String.format("%.1f KiB", kib) : String.format("%.1f MiB", kib / 1024);
    }
}
