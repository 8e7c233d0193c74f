package dev.atelier.text;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared data folder ({@code ../shared/data} beside the repository root). Tests that
 * need it skip (JUnit assumption) where it is absent, as on a user's machine without it.
 */
public final class SharedTestData {

    private SharedTestData() {
    }

    /** The repository root: system property {@code atelier.repo.root}, else the nearest folder up with pom.xml and models/. */
    public static Path repoRoot() {
        String prop = System.getProperty("atelier.repo.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("models"))) {
                return p;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    /** {@code ../shared/data/<relative>}, or skips the test when it is missing. */
    public static Path require(String relative) {
        Path path = repoRoot().resolve("../shared/data").resolve(relative).normalize();
        assumeTrue(Files.exists(path), () -> "shared test data not found: " + path);
        return path;
    }
}
