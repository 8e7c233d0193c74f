package dev.atelier.core.model;

import dev.atelier.core.runtime.NativeRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Models whose weights ship inside a Maven artifact rather than in {@code models/}: their manifest
 * says {@code "source": "classpath:<group>:<artifact>:<version>"} and lists the files by resource
 * name. They are copied once into {@code <cache>/models/<name>/} and then verified like any other
 * model folder, so a stale or tampered copy is caught by the same size and SHA-256 checks.
 */
final class ClasspathFiles {
    static final String PREFIX = "classpath:";

    private ClasspathFiles() {
    }

    static boolean isClasspathModel(ModelManifest manifest) {
        return manifest.source() != null && manifest.source().startsWith(PREFIX);
    }

    /** Copies every file whose cached copy is absent or of the wrong size; returns the cache folder. */
    static Path materialize(ModelManifest manifest) {
        Path folder = NativeRuntime.cacheDir().resolve("models").resolve(manifest.name());
        for (ModelFile file : manifest.files()) {
            Path target = folder.resolve(file.path());
            try {
                if (Files.isRegularFile(target) && Files.size(target) == file.size()) {
                    continue; // the hash check that follows decides whether it is right
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(file.path())) {
                    if (in == null) {
                        throw new ModelIntegrityException(manifest.name(), file.path(), target,
                                "is not on the class path (it ships in " + manifest.source().substring(PREFIX.length())
                                        + ")");
                    }
                    Path partial = Files.createTempFile(folder, ".partial-", ".tmp");
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new ModelIntegrityException(manifest.name(), file.path(), target,
                        "cannot be copied from the class path (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        return folder;
    }
}
