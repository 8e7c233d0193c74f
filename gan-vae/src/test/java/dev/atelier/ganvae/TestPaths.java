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

    /** ../shared/data/mnist beside the project root, or two levels up from a worktree under wt/. */
    public static Path mnist() {
        Path beside = root().resolve("../shared/data/mnist").normalize();
        Path fromWorktree = root().resolve("../../shared/data/mnist").normalize();
        return java.nio.file.Files.isDirectory(beside) ? beside : fromWorktree;
    }
}
