package dev.atelier.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    @TempDir
    Path dir;

    /** A model with a 3 MiB weights file (bigger than the hash buffer) and a small config. */
    private Path model(Path root, String name) throws IOException {
        Path folder = root.resolve(name);
        Files.createDirectories(folder);
        byte[] weights = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(weights);
        Files.write(folder.resolve("weights.bin"), weights);
        Files.writeString(folder.resolve("config.json"), "{\"layers\": 2}");
        ModelManifest.builder(folder).task("text-generation").format("djl").license("MIT")
                .file("weights.bin").file("config.json").write();
        return folder;
    }

    @Test
    void opensAnIntactModel() throws IOException {
        Path folder = model(dir, "tiny");
        VerifiedModel model = new ModelStore(List.of(dir)).open("tiny");
        assertEquals("tiny", model.name());
        assertEquals(folder.toRealPath(), model.folder());
        assertEquals(folder.toRealPath().resolve("weights.bin"), model.file("weights.bin"));
        assertEquals(2, model.files().size());
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> model.file("vocab.json"));
        assertTrue(e.getMessage().contains("not listed"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() throws IOException {
        Path folder = model(dir, "tiny");
        Files.delete(folder.resolve("config.json"));
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> new ModelStore(List.of(dir)).open("tiny"));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals("model 'tiny': file 'config.json' is missing", e.getMessage());
        assertEquals("config.json", e.file());
    }

    @Test
    void truncatedFileIsCaughtBySize() throws IOException {
        Path folder = model(dir, "tiny");
        Path weights = folder.resolve("weights.bin");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, 1000));
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> new ModelStore(List.of(dir)).open("tiny"));
        assertEquals("model 'tiny': file 'weights.bin' is truncated (expected " + bytes.length
                + " bytes, found 1000)", e.getMessage());
        assertFalse(e.getMessage().contains(dir.toString()), "no server paths in the message");
        assertEquals(weights.toRealPath(), e.path());
    }

    @Test
    void tamperedFileOfTheSameSizeIsCaughtBySha256() throws IOException {
        Path folder = model(dir, "tiny");
        Path weights = folder.resolve("weights.bin");
        byte[] bytes = Files.readAllBytes(weights);
        bytes[2 * 1024 * 1024 + 5] ^= 1; // one bit, past the first hash buffer
        Files.write(weights, bytes);
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> new ModelStore(List.of(dir)).open("tiny"));
        String expected = new ModelStore(List.of(dir)).require("tiny").file("weights.bin").orElseThrow().sha256();
        assertTrue(e.getMessage().startsWith("model 'tiny': file 'weights.bin' has wrong sha256 (expected "
                + expected.substring(0, 12) + "…, found " + Sha256.of(bytes).substring(0, 12) + "…)"), e.getMessage());
        assertEquals("weights.bin", e.file());
    }

    @Test
    void symlinkLeadingOutOfTheFolderIsRejected() throws IOException {
        Path folder = model(dir, "tiny");
        Path outside = dir.resolve("secret.txt");
        Files.writeString(outside, "{\"layers\": 2}"); // same bytes as config.json: only the location is wrong
        Files.delete(folder.resolve("config.json"));
        Files.createSymbolicLink(folder.resolve("config.json"), outside);
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> new ModelStore(List.of(dir)).open("tiny"));
        assertEquals("model 'tiny': file 'config.json' is a link that leads outside the model folder", e.getMessage());
    }

    @Test
    void symlinkInsideTheFolderAndALinkedModelFolderAreFine() throws IOException {
        Path elsewhere = dir.resolve("disk2");
        Path real = model(elsewhere, "tiny");
        Path root = dir.resolve("models");
        Files.createDirectories(root);
        Files.createSymbolicLink(root.resolve("tiny"), real); // big weights on another disk
        Files.move(real.resolve("config.json"), real.resolve("config-v1.json"));
        Files.createSymbolicLink(real.resolve("config.json"), real.resolve("config-v1.json"));
        VerifiedModel model = new ModelStore(List.of(root)).open("tiny");
        assertEquals(real.toRealPath().resolve("config-v1.json"), model.file("config.json"));
    }

    @Test
    void badNamesAreInvalidArgumentsBeforeTheDiskIsTouched() {
        ModelStore store = new ModelStore(List.of(dir));
        for (String name : List.of("../x", "/etc/passwd", "a/b", "..", "A", "", "a".repeat(65))) {
            AtelierException e = assertThrows(AtelierException.class, () -> store.open(name), name);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), name);
            assertEquals("model", e.param());
            assertThrows(AtelierException.class, () -> store.find(name), name);
        }
    }

    @Test
    void listSearchesRootsInOrderAndReportsBrokenManifests() throws IOException {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        model(first, "beta");
        model(second, "alpha");
        model(second, "beta"); // hidden by first/beta
        Files.createDirectories(first.resolve("not-a-model")); // no manifest: skipped quietly
        Files.createDirectories(second.resolve("broken"));
        Files.writeString(second.resolve("broken/manifest.json"), "{ not json");
        Files.createDirectories(second.resolve("Upper"));
        Files.writeString(second.resolve("Upper/manifest.json"), "{}");
        Path renamed = model(second, "gamma");
        Files.move(renamed, second.resolve("delta")); // manifest still says gamma

        ModelStore store = new ModelStore(List.of(first, second, dir.resolve("does-not-exist")));
        ModelListing listing = store.scan();
        assertEquals(List.of("alpha", "beta"), listing.names());
        assertEquals(first.resolve("beta"), store.folder(ModelName.of("beta")).orElseThrow());
        assertEquals(Set.of("broken", "Upper", "delta"),
                listing.problems().stream().map(ModelIntegrityException::model).collect(Collectors.toSet()));
        assertEquals(List.of("alpha", "beta"), store.list().stream().map(ModelManifest::name).toList());
        assertTrue(listing.problems().stream().anyMatch(p -> p.getMessage().contains("names model 'gamma' but lives in folder 'delta'")));

        ModelIntegrityException broken = assertThrows(ModelIntegrityException.class, () -> store.find("broken"));
        assertTrue(broken.getMessage().startsWith("model 'broken': manifest.json is not valid JSON at line 1"), broken.getMessage());
    }

    @Test
    void requireOnAnUnknownNameListsTheAvailableOnes() throws IOException {
        model(dir, "alpha");
        model(dir, "beta");
        ModelStore store = new ModelStore(List.of(dir));
        AtelierException e = assertThrows(AtelierException.class, () -> store.require("gpt-5"));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals("model", e.param());
        assertEquals("model 'gpt-5' not found; available: alpha, beta", e.getMessage());
        assertTrue(store.find("gpt-5").isEmpty());
        AtelierException open = assertThrows(AtelierException.class, () -> store.open("gpt-5"));
        assertEquals(ErrorCode.NOT_FOUND, open.code());

        AtelierException empty = assertThrows(AtelierException.class,
                () -> new ModelStore(List.of(dir.resolve("empty"))).require("x"));
        assertEquals("model 'x' not found; no models are installed", empty.getMessage());
    }

    @Test
    void defaultStoreHonoursTheSystemProperties() {
        String old = System.getProperty(ModelStore.MODELS_DIR_PROPERTY);
        String oldHome = System.getProperty(ModelStore.HOME_PROPERTY);
        try {
            System.setProperty(ModelStore.MODELS_DIR_PROPERTY, dir.resolve("a") + java.io.File.pathSeparator + dir.resolve("b"));
            assertEquals(List.of(dir.resolve("a"), dir.resolve("b")), ModelStore.defaultStore().roots());
            System.clearProperty(ModelStore.MODELS_DIR_PROPERTY);
            System.setProperty(ModelStore.HOME_PROPERTY, dir.toString());
            assertEquals(List.of(dir.resolve("models")), ModelStore.defaultStore().roots());
            System.clearProperty(ModelStore.HOME_PROPERTY);
            // From core/, the search goes up to the repository root, which has pom.xml and models/.
            Path root = ModelStore.defaultStore().roots().get(0).getParent();
            assertTrue(Files.isRegularFile(root.resolve("pom.xml")) && Files.isDirectory(root.resolve("models")), root.toString());
        } finally {
            restore(ModelStore.MODELS_DIR_PROPERTY, old);
            restore(ModelStore.HOME_PROPERTY, oldHome);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
