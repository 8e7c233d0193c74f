package dev.atelier.core.model;

import dev.atelier.core.error.AtelierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds the manifest for files just produced in a model folder, computing each file's size and
 * sha256, so training code never writes hashes by hand:
 *
 * <pre>{@code
 * ModelManifest.builder(Path.of("models/tiny-gpt"))
 *     .task("text-generation").format("djl").license("Apache-2.0")
 *     .command(String.join(" ", args)).data("tinyshakespeare.txt sha256:…")
 *     .parameters(812_000).metric("val_loss", 1.47)
 *     .file("tiny-gpt-0000.params").file("vocab.json")
 *     .write();
 * }</pre>
 *
 * The name defaults to the folder's name and {@code created} to now (UTC, seconds).
 */
public final class ManifestBuilder {
    private final Path folder;
    private String name;
    private String task;
    private String format;
    private String description;
    private long parameters;
    private String command;
    private String data;
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private String license;
    private String source;
    private String created;
    private final Set<String> files = new LinkedHashSet<>();

    ManifestBuilder(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder");
        Path fileName = folder.toAbsolutePath().normalize().getFileName();
        this.name = fileName == null ? null : fileName.toString();
    }

    public ManifestBuilder name(String name) {
        this.name = name;
        return this;
    }

    public ManifestBuilder task(String task) {
        this.task = task;
        return this;
    }

    public ManifestBuilder format(String format) {
        this.format = format;
        return this;
    }

    public ManifestBuilder description(String description) {
        this.description = description;
        return this;
    }

    public ManifestBuilder parameters(long parameters) {
        this.parameters = parameters;
        return this;
    }

    public ManifestBuilder command(String command) {
        this.command = command;
        return this;
    }

    public ManifestBuilder data(String data) {
        this.data = data;
        return this;
    }

    public ManifestBuilder metric(String name, double value) {
        metrics.put(name, value);
        return this;
    }

    public ManifestBuilder license(String license) {
        this.license = license;
        return this;
    }

    public ManifestBuilder source(String source) {
        this.source = source;
        return this;
    }

    /** ISO-8601 date or date-time; defaults to now. */
    public ManifestBuilder created(String created) {
        this.created = created;
        return this;
    }

    /** Adds a file by its path relative to the folder ('/'-separated). */
    public ManifestBuilder file(String relativePath) {
        String problem = ModelFile.pathProblem(relativePath);
        if (problem != null) {
            throw new IllegalArgumentException("file path " + AtelierException.quote(relativePath) + " " + problem);
        }
        files.add(relativePath);
        return this;
    }

    /** Adds every regular file under the folder except {@code manifest.json} and hidden files. */
    public ManifestBuilder allFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            List<String> found = walk.filter(Files::isRegularFile)
                    .map(p -> folder.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
                    .filter(rel -> !rel.equals(ModelManifest.FILE_NAME))
                    .filter(rel -> !rel.startsWith(".") && !rel.contains("/."))
                    .sorted()
                    .toList();
            found.forEach(this::file);
        }
        return this;
    }

    /** Hashes the files and returns the manifest; invalid or missing fields throw IllegalArgumentException. */
    public ModelManifest build() throws IOException {
        List<ModelFile> described = new ArrayList<>(files.size());
        for (String path : files) {
            Path file = folder.resolve(path);
            described.add(new ModelFile(path, Sha256.of(file), Files.size(file)));
        }
        String when = created != null ? created : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return new ModelManifest(name, task, format, description, described, parameters, command, data,
                metrics, license, source, when);
    }

    /** {@link #build()}, then writes {@code folder/manifest.json}. */
    public ModelManifest write() throws IOException {
        ModelManifest manifest = build();
        manifest.write(folder);
        return manifest;
    }
}
