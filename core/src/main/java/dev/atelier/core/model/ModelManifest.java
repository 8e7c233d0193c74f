package dev.atelier.core.model;

import dev.atelier.core.error.AtelierException;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code <root>/<name>/manifest.json} says about a model: what it is, which files make it up
 * (with size and sha256, so tampering or truncation is caught before loading), and how it was made,
 * so a result can be reproduced. The format is documented in {@code models/README.md}.
 *
 * <p>A manifest is always valid: the constructor rejects a missing required field, a file path that
 * could leave the model folder, a malformed sha256. {@link #read(Path)} turns those rejections into
 * {@link ModelIntegrityException}s.
 *
 * @param name        the model's name, equal to its folder name
 * @param task        what it does, e.g. {@code text-generation}, {@code text-embedding}, {@code image-generation}
 * @param format      how the weights are stored, e.g. {@code gguf}, {@code djl}, {@code onnx}
 * @param description one line for people; never null (empty when absent)
 * @param files       every file the model needs, at least one
 * @param parameters  number of trainable parameters; 0 when unknown
 * @param command     the exact command that trained or produced it; null when absent
 * @param data        what data it was trained on, with a hash or version; free-form, null when absent
 * @param metrics     evaluation results, metric name to value; never null
 * @param license     SPDX identifier or license name of the weights
 * @param source      where the weights come from when not produced here, e.g. a Maven coordinate; null when absent
 * @param created     ISO-8601 date or date-time; null when absent
 */
@JsonPropertyOrder({"name", "task", "format", "description", "files", "parameters", "command", "data",
        "metrics", "license", "source", "created"})
public record ModelManifest(
        String name,
        String task,
        String format,
        String description,
        List<ModelFile> files,
        long parameters,
        String command,
        String data,
        Map<String, Double> metrics,
        String license,
        String source,
        String created) {

    /** The manifest's file name inside a model folder. */
    public static final String FILE_NAME = "manifest.json";

    public ModelManifest {
        if (name == null) {
            throw missing("name");
        }
        String nameProblem = ModelName.problem(name);
        if (nameProblem != null) {
            throw new IllegalArgumentException("name " + AtelierException.quote(name) + " is not a valid model name: " + nameProblem);
        }
        requireText(task, "task");
        requireText(format, "format");
        requireText(license, "license");
        description = description == null ? "" : description;
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("'files' must list at least one file");
        }
        Set<String> seen = new HashSet<>();
        for (ModelFile file : files) {
            if (file == null) {
                throw new IllegalArgumentException("'files' must not contain null");
            }
            if (!seen.add(file.path())) {
                throw new IllegalArgumentException("file " + AtelierException.quote(file.path()) + " is listed twice");
            }
            if (file.path().equals(FILE_NAME)) {
                throw new IllegalArgumentException("'files' must not list " + FILE_NAME + " itself");
            }
        }
        files = List.copyOf(files);
        if (parameters < 0) {
            throw new IllegalArgumentException("'parameters' must be >= 0, got " + parameters);
        }
        metrics = copyMetrics(metrics);
        if (created != null && !isIsoDate(created)) {
            throw new IllegalArgumentException("'created' must be an ISO-8601 date or date-time, got "
                    + AtelierException.quote(created));
        }
    }

    /** Starts a manifest for files in {@code folder}; see {@link ManifestBuilder}. */
    public static ManifestBuilder builder(Path folder) {
        return new ManifestBuilder(folder);
    }

    /** Reads and validates {@code folder/manifest.json}; any problem is a {@link ModelIntegrityException}. */
    public static ModelManifest read(Path folder) {
        return ManifestJson.read(folder);
    }

    /** Parses manifest JSON; {@code model} names the model in error messages. */
    public static ModelManifest parse(String model, byte[] json) {
        return ManifestJson.parse(model, null, json);
    }

    /** Writes this manifest to {@code folder/manifest.json}, replacing any previous one atomically. */
    public Path write(Path folder) throws IOException {
        return ManifestJson.write(folder, this);
    }

    /** This manifest as pretty-printed JSON, as {@link #write(Path)} stores it. */
    public String toJson() {
        return ManifestJson.toJson(this);
    }

    /** The declared file at {@code path}, if any. */
    public Optional<ModelFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    /** Sum of the declared file sizes in bytes. */
    public long totalSize() {
        return files.stream().mapToLong(ModelFile::size).sum();
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw missing(field);
        }
    }

    private static IllegalArgumentException missing(String field) {
        return new IllegalArgumentException("required field '" + field + "' is missing");
    }

    private static Map<String, Double> copyMetrics(Map<String, Double> metrics) {
        if (metrics == null || metrics.isEmpty()) {
            return Map.of();
        }
        Map<String, Double> copy = new LinkedHashMap<>(); // keeps the author's order in the JSON
        metrics.forEach((key, value) -> {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("metric names must not be empty");
            }
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException("metric " + AtelierException.quote(key) + " must be a finite number");
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static boolean isIsoDate(String text) {
        for (DateTimeFormatter f : List.of(DateTimeFormatter.ISO_DATE, DateTimeFormatter.ISO_DATE_TIME)) {
            try {
                f.parse(text);
                return true;
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return false;
    }
}
