package dev.atelier.text.gguf;

import dev.atelier.core.model.ModelIntegrityException;
import java.nio.file.Path;

/**
 * Where a GGUF came from, to name it in errors: the model (the file name without {@code .gguf}),
 * the file name, and the full path for logs only (null for in-memory data).
 */
record GgufOrigin(String model, String file, Path path) {

    static GgufOrigin of(Path path) {
        Path name = path.getFileName();
        String file = name == null ? path.toString() : name.toString();
        return new GgufOrigin(stripExtension(file), file, path);
    }

    static GgufOrigin named(String name) {
        return new GgufOrigin(stripExtension(name), name, null);
    }

    /** The file is not a readable GGUF; UNAVAILABLE, as any broken model file. */
    ModelIntegrityException corrupt(String problem) {
        return new ModelIntegrityException(model, file, path, "is not a valid GGUF file: " + problem);
    }

    ModelIntegrityException corrupt(String problem, Throwable cause) {
        return new ModelIntegrityException(model, file, path, "is not a valid GGUF file: " + problem, cause);
    }

    /** A readable file that lacks something the caller needs (a key, a tensor) or has it in the wrong type. */
    ModelIntegrityException unusable(String problem) {
        return new ModelIntegrityException(model, file, path, problem);
    }

    private static String stripExtension(String file) {
        return file.endsWith(".gguf") && file.length() > 5 ? file.substring(0, file.length() - 5) : file;
    }

    /** Quotes text read from a file for an error message: short, no control characters. */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder("'");
        text.codePoints().limit(80).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        if (text.codePointCount(0, text.length()) > 80) {
            sb.append('…');
        }
        return sb.append('\'').toString();
    }
}
