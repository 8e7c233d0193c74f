package dev.atelier.vision.cli;

import dev.atelier.core.model.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** A {@code --model} value: a folder path, or the name of a model in the default store (verified first). */
final class ModelOption {

    private ModelOption() {
    }

    static Path resolve(String value) {
        Path asPath = Path.of(value);
        if (value.contains("/") && Files.isDirectory(asPath)) {
            return asPath;
        }
        return ModelStore.defaultStore().open(value).folder();
    }
}
