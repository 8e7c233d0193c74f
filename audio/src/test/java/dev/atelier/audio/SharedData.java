package dev.atelier.audio;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds {@code ../shared/data} beside the repository root (or the folder named by the system
 * property {@code atelier.shared.data}); tests that need it skip when it is absent.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path require(String relative) {
        String override = System.getProperty("atelier.shared.data");
        Path base = override != null ? Path.of(override)
                : Path.of(System.getProperty("atelier.repo.root", ".")).resolve("../shared/data");
        Path path = base.resolve(relative).normalize();
        assumeTrue(Files.exists(path), () -> "shared test data not found: " + path);
        return path;
    }
}
