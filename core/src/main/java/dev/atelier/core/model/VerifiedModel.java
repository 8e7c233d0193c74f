package dev.atelier.core.model;

import java.nio.file.Path;
import java.util.Map;

/**
 * A model whose every declared file was found inside its folder with the declared size and
 * sha256, as {@link ModelStore#open(String)} checked it. Loaders take their paths from here rather
 * than building them from the name.
 *
 * @param manifest what the model is
 * @param folder   the model folder (real path: symbolic links resolved)
 * @param files    each declared relative path to the real path of the checked file
 */
public record VerifiedModel(ModelManifest manifest, Path folder, Map<String, Path> files) {
    public VerifiedModel {
        files = Map.copyOf(files);
    }

    public String name() {
        return manifest.name();
    }

    /** The checked file at {@code relativePath}; a model that lacks it is broken for this loader. */
    public Path file(String relativePath) {
        Path path = files.get(relativePath);
        if (path == null) {
            throw new ModelIntegrityException(manifest.name(), relativePath, null,
                    "is needed but not listed in " + ModelManifest.FILE_NAME);
        }
        return path;
    }

    /**
     * The first declared file whose path ends with {@code suffix} (e.g. ".gguf", "tokenizer.json"),
     * for loaders that know a file by its kind rather than its name.
     */
    public ModelFile fileEndingWith(String suffix) {
        return manifest.files().stream().filter(f -> f.path().endsWith(suffix)).findFirst()
                .orElseThrow(() -> new ModelIntegrityException(manifest.name(), "*" + suffix, null,
                        "is needed but no file ending so is listed in " + ModelManifest.FILE_NAME));
    }
}
