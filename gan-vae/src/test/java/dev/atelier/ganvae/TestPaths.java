package dev.atelier.ganvae;

import java.nio.file.Path;

/** Where the tests find the committed models and the shared training data. */
public final class TestPaths {
    private TestPaths() {
    }

    public static Path root() {
        return Path.of(System.getProperty("atelier.repo.root", "..")).toAbsolutePath().normalize();
    }

    public static Path model(String name) {
        return root().resolve("models").resolve(name);
    }

    public static Path mnist() {
        return root().resolve("../shared/data/mnist").normalize();
    }
}
