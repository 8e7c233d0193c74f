package dev.atelier.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.runtime.NativeRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models whose files ship in a jar: copied to the cache, then verified like any folder. */
class ClasspathModelTest {
    private static final String RESOURCE = "atelier-test-model/weights.bin";
    private static final String SHA = "acb8ff6d8f8a2173c53abf9218cf10e2d8ca2f9519e318c1cc1b1a08c76a98b1";

    private static void manifest(Path root, String name, String sha, String resource) throws Exception {
        Path folder = Files.createDirectories(root.resolve(name));
        String json = """
                {"name": "%s", "task": "text-embedding", "format": "onnx",
                 "files": [{"path": "%s", "sha256": "%s", "size": 19}],
                 "license": "Apache-2.0", "source": "classpath:dev.atelier:test-weights:1.0"}
                """.formatted(name, resource, sha);
        Files.writeString(folder.resolve("manifest.json"), json);
    }

    @Test
    void copiesFromTheClassPathAndVerifies(@TempDir Path root) throws Exception {
        manifest(root, "jar-model", SHA, RESOURCE);
        VerifiedModel model = new ModelStore(List.of(root)).open("jar-model");
        Path file = model.files().get(RESOURCE);
        assertTrue(file.startsWith(NativeRuntime.cacheDir().toRealPath()), file.toString());
        assertEquals("weights from a jar\n", Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void aTamperedCachedCopyIsCaught(@TempDir Path root) throws Exception {
        // The cache outlives a test run: a fresh name keeps this run from meeting the last run's tampered copy.
        String name = "jar-model-" + Long.toHexString(System.nanoTime());
        manifest(root, name, SHA, RESOURCE);
        ModelStore store = new ModelStore(List.of(root));
        Path cached = store.open(name).files().get(RESOURCE);
        Files.writeString(cached, "weights from a jaR\n"); // same size, other bytes
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> store.open(name));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }

    @Test
    void aResourceMissingFromTheClassPathNamesTheArtifact(@TempDir Path root) throws Exception {
        manifest(root, "jar-model-3", SHA, "atelier-test-model/absent.bin");
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class,
                () -> new ModelStore(List.of(root)).open("jar-model-3"));
        assertTrue(e.getMessage().contains("dev.atelier:test-weights:1.0"), e.getMessage());
        assertTrue(e.getMessage().contains("absent.bin"), e.getMessage());
    }
}
