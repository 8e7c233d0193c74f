package dev.atelier.core.model;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.nio.file.Path;

/**
 * A model on disk is broken: its manifest is missing fields or is not JSON, or a file is missing,
 * truncated, tampered with, or escapes the model folder. That is the server's fault, not the
 * caller's, so the code is {@link ErrorCode#UNAVAILABLE}. The message names the model and the file
 * relative to the model folder and never shows server paths; {@link #path()} has the full path for
 * logs.
 */
public class ModelIntegrityException extends AtelierException {
    private static final long serialVersionUID = 1L;

    private final String model;
    private final String file;
    private final transient Path path;

    public ModelIntegrityException(String model, String file, Path path, String problem) {
        this(model, file, path, problem, null);
    }

    public ModelIntegrityException(String model, String file, Path path, String problem, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message(model, file, problem), null, cause);
        this.model = model;
        this.file = file;
        this.path = path;
    }

    /** The model's name (as found on disk: the folder name). */
    public String model() {
        return model;
    }

    /** The file at fault relative to the model folder, e.g. {@code weights.bin} or {@code manifest.json}; may be null. */
    public String file() {
        return file;
    }

    /** Full path of the file (or folder) at fault, for logs only; may be null. */
    public Path path() {
        return path;
    }

    static ModelIntegrityException missing(String model, String file, Path path) {
        return new ModelIntegrityException(model, file, path, "is missing");
    }

    static ModelIntegrityException wrongSize(String model, String file, Path path, long expected, long found) {
        String what = found < expected ? "is truncated" : "is larger than declared";
        return new ModelIntegrityException(model, file, path,
                what + " (expected " + expected + " bytes, found " + found + ")");
    }

    static ModelIntegrityException wrongSha256(String model, String file, Path path, String expected, String found) {
        return new ModelIntegrityException(model, file, path,
                "has wrong sha256 (expected " + abbreviate(expected) + ", found " + abbreviate(found) + ")");
    }

    private static String message(String model, String file, String problem) {
        String subject = "model " + AtelierException.quote(model);
        return file == null
                ? subject + ": " + problem
                : subject + ": " + (file.equals(ModelManifest.FILE_NAME) ? file : "file " + AtelierException.quote(file))
                        + " " + problem;
    }

    // Twelve hex digits tell two hashes apart at a glance; the full ones are in the manifest.
    private static String abbreviate(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) + "…" : sha256;
    }
}
