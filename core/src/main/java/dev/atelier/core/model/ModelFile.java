package dev.atelier.core.model;

import dev.atelier.core.error.AtelierException;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.regex.Pattern;

/**
 * One file of a model as its manifest declares it.
 *
 * @param path   relative to the model folder, '/'-separated and normalised: no leading '/', no
 *               empty, '.' or '..' segment, no backslash or ':' (so it means the same on every OS
 *               and can never leave the folder)
 * @param sha256 64 lower-case hex digits
 * @param size   in bytes, at least 0
 */
public record ModelFile(String path, String sha256, long size) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ModelFile {
        String problem = pathProblem(path);
        if (problem != null) {
            throw new IllegalArgumentException("file path " + AtelierException.quote(path) + " " + problem);
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("file " + AtelierException.quote(path)
                    + ": sha256 must be 64 lower-case hex digits, got " + AtelierException.quote(sha256));
        }
        if (size < 0) {
            throw new IllegalArgumentException("file " + AtelierException.quote(path) + ": size must be >= 0, got " + size);
        }
    }

    // JSON goes through here so that a missing size is an error, not a silent 0.
    @JsonCreator
    static ModelFile fromJson(@JsonProperty("path") String path, @JsonProperty("sha256") String sha256,
            @JsonProperty("size") Long size) {
        if (size == null) {
            throw new IllegalArgumentException("file " + AtelierException.quote(path) + ": required field 'size' is missing");
        }
        return new ModelFile(path, sha256, size);
    }

    /** Why {@code path} is not an acceptable manifest file path, or {@code null}. */
    static String pathProblem(String path) {
        if (path == null || path.isEmpty()) {
            return "is empty";
        }
        if (path.indexOf('\\') >= 0 || path.indexOf(':') >= 0 || path.indexOf('\0') >= 0) {
            return "must not contain '\\', ':' or NUL";
        }
        if (path.startsWith("/")) {
            return "must be relative to the model folder";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "must be normalised (no empty, '.' or '..' segments)";
            }
        }
        return null;
    }
}
