package dev.atelier.vision.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** The command line that made a model, kept beside it so its manifest can name it exactly. */
final class CommandLines {

    static final String TRAINING_FILE = "training.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CommandLines() {
    }

    /** "bin/atelier vision train-clip --out ..." as the user typed it. */
    static String current(CommandSpec spec) {
        CommandSpec root = spec;
        while (root.parent() != null) {
            root = root.parent();
        }
        // The original arguments start below the root command: "train-clip --out ...".
        StringBuilder sb = new StringBuilder("bin/atelier");
        if (!root.name().equals("atelier")) {
            sb.append(' ').append(root.name());
        }
        for (String arg : spec.commandLine().getParseResult().originalArgs()) {
            sb.append(' ').append(arg.contains(" ") ? "'" + arg + "'" : arg);
        }
        return sb.toString();
    }

    static void recordTraining(Path folder, String command, String data) throws IOException {
        Files.createDirectories(folder);
        ObjectNode node = JSON.createObjectNode().put("command", command).put("data", data);
        JSON.writerWithDefaultPrettyPrinter().writeValue(folder.resolve(TRAINING_FILE).toFile(), node);
    }

    /** The recorded {@code field}, or {@code fallback} when there is no record. */
    static String recorded(Path folder, String field, String fallback) {
        Path file = folder.resolve(TRAINING_FILE);
        if (!Files.isRegularFile(file)) {
            return fallback;
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return node.path(field).asText(fallback);
        } catch (IOException e) {
            return fallback;
        }
    }
}
