package dev.atelier.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Collectors;

/**
 * Reads and writes {@code manifest.json}. Reading turns every Jackson failure into a short
 * {@link ModelIntegrityException} message (line, column, field) instead of Jackson's text, which
 * names Java types and input sources.
 */
final class ManifestJson {
    /** A manifest is a few kilobytes; anything this big is not one. */
    static final int MAX_BYTES = 1 << 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // newer manifests may add fields
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // two "sha256" keys would be ambiguous
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private ManifestJson() {
    }

    static ModelManifest read(Path folder) {
        String model = String.valueOf(folder.getFileName());
        Path file = folder.resolve(ModelManifest.FILE_NAME);
        byte[] json;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ModelIntegrityException(model, ModelManifest.FILE_NAME, file,
                        "is larger than " + MAX_BYTES + " bytes");
            }
            json = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw ModelIntegrityException.missing(model, ModelManifest.FILE_NAME, file);
        } catch (IOException e) {
            // The exception's own message holds the absolute path: keep it as the cause only.
            throw new ModelIntegrityException(model, ModelManifest.FILE_NAME, file,
                    "cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        return parse(model, file, json);
    }

    static ModelManifest parse(String model, Path file, byte[] json) {
        try {
            return MAPPER.readValue(json, ModelManifest.class);
        } catch (JacksonException e) {
            throw new ModelIntegrityException(model, ModelManifest.FILE_NAME, file, describe(e), e);
        } catch (IOException e) {
            throw new ModelIntegrityException(model, ModelManifest.FILE_NAME, file, "cannot be parsed", e);
        }
    }

    static String toJson(ModelManifest manifest) {
        try {
            return MAPPER.writeValueAsString(manifest) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("a valid manifest always serialises", e);
        }
    }

    static Path write(Path folder, ModelManifest manifest) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(ModelManifest.FILE_NAME);
        // Write then rename, so a reader never sees half a manifest.
        Path tmp = Files.createTempFile(folder, ".manifest-", ".tmp");
        try {
            Files.writeString(tmp, toJson(manifest), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    private static String describe(JacksonException e) {
        // Our own validation (ModelManifest / ModelFile constructors) speaks for itself.
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException iae) {
                return "is invalid: " + iae.getMessage();
            }
        }
        String at = at(e.getLocation());
        if (e instanceof StreamReadException && !(e instanceof MismatchedInputException)) {
            return "is not valid JSON" + at + ": " + firstLine(e.getOriginalMessage());
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return "is invalid" + at + ": field '" + fieldPath(m) + "' has the wrong type or value";
        }
        if (e instanceof ValueInstantiationException) {
            return "is invalid" + at + ": a field has a value that cannot be used";
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage().startsWith("Trailing token")) {
            return "is not valid JSON" + at + ": content after the end of the object";
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage().startsWith("No content")) {
            return "is empty";
        }
        return "is invalid" + at + ": it must be a JSON object";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    // Jackson's parser messages are one useful line, then hints; keep them short for an error body.
    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
