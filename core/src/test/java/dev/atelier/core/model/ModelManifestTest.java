package dev.atelier.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelManifestTest {
    private static final String SHA = "a".repeat(64);

    @TempDir
    Path dir;

    @Test
    void builderHashesFilesAndRoundTripsThroughJson() throws Exception {
        Path folder = dir.resolve("tiny-gpt");
        Files.createDirectories(folder.resolve("tokenizer"));
        Files.write(folder.resolve("weights.bin"), new byte[] {1, 2, 3});
        Files.writeString(folder.resolve("tokenizer/vocab.json"), "{}");

        ModelManifest written = ModelManifest.builder(folder)
                .task("text-generation").format("djl").license("Apache-2.0")
                .description("a tiny GPT").parameters(812_000)
                .command("atelier train --model tiny-gpt --steps 2000")
                .data("tinyshakespeare.txt sha256:" + SHA)
                .metric("val_loss", 1.47).metric("perplexity", 4.35)
                .source("dev.atelier:tiny-gpt-weights:1.0")
                .allFiles()
                .write();

        ModelManifest read = ModelManifest.read(folder);
        assertEquals(written, read);
        assertEquals("tiny-gpt", read.name());
        assertEquals(List.of("tokenizer/vocab.json", "weights.bin"), read.files().stream().map(ModelFile::path).toList());
        assertEquals(3, read.file("weights.bin").orElseThrow().size());
        assertEquals(Sha256.of(new byte[] {1, 2, 3}), read.file("weights.bin").orElseThrow().sha256());
        assertEquals(List.of("val_loss", "perplexity"), List.copyOf(read.metrics().keySet()));
        assertTrue(read.created() != null);
        assertFalse(read.toJson().contains("null"), read.toJson());
    }

    @Test
    void unknownFieldsAreIgnoredAndOptionalOnesDefault() {
        String json = """
                {"name": "m", "task": "text-embedding", "format": "onnx", "license": "MIT",
                 "files": [{"path": "model.onnx", "sha256": "%s", "size": 10, "compression": "none"}],
                 "someFutureField": {"x": 1}}
                """.formatted(SHA);
        ModelManifest m = ModelManifest.parse("m", json.getBytes(StandardCharsets.UTF_8));
        assertEquals("", m.description());
        assertEquals(0, m.parameters());
        assertEquals(Map.of(), m.metrics());
        assertNull(m.command());
        assertNull(m.created());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "/etc/passwd", "a/../b", "./a", "a//b", "a\\b", "", "C:/x", "dir/"})
    void rejectsFilePathsThatCouldLeaveTheFolder(String path) {
        String json = manifestWithFile(path, SHA, 1);
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class,
                () -> ModelManifest.parse("m", json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals("manifest.json", e.file());
        assertTrue(e.getMessage().startsWith("model 'm': manifest.json is invalid: file path"), e.getMessage());
    }

    @Test
    void rejectsBadHashesSizesAndMissingRequiredFields() {
        assertInvalid(manifestWithFile("w.bin", "ABC", 1), "sha256 must be 64 lower-case hex digits");
        assertInvalid(manifestWithFile("w.bin", "A".repeat(64), 1), "sha256 must be 64 lower-case hex digits");
        assertInvalid(manifestWithFile("w.bin", SHA, -1), "size must be >= 0");
        assertInvalid(manifestWithFile("w.bin", SHA, 1).replace(", \"size\": 1", ""), "required field 'size' is missing");
        assertInvalid("""
                {"name": "m", "task": "t", "format": "f", "files": [{"path": "w", "sha256": "%s", "size": 1}]}
                """.formatted(SHA), "required field 'license' is missing");
        assertInvalid("""
                {"name": "m", "task": "t", "format": "f", "license": "MIT", "files": []}
                """, "'files' must list at least one file");
        assertInvalid("""
                {"name": "m", "task": "t", "format": "f", "license": "MIT",
                 "files": [{"path": "w", "sha256": "%s", "size": "big"}]}
                """.formatted(SHA), "field 'files[0].size' has the wrong type");
    }

    @Test
    void malformedJsonIsATypedErrorWithLineAndNoJacksonNoise() {
        String json = "{\n  \"name\": \"m\",\n  \"task\": }\n";
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class,
                () -> ModelManifest.parse("m", json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        String message = e.getMessage();
        assertTrue(message.startsWith("model 'm': manifest.json is not valid JSON at line 3"), message);
        assertFalse(message.contains("\n"), message);
        assertFalse(message.contains("Source"), message);
        assertFalse(message.contains("com.fasterxml"), message);
        assertFalse(message.contains("dev.atelier"), message);

        assertInvalid("", "is empty");
        assertInvalid("[1, 2]", "must be a JSON object");
        assertInvalid(manifestWithFile("w", SHA, 1) + " trailing", "not valid JSON");
        assertInvalid(manifestWithFile("w", SHA, 1) + " {}", "not valid JSON at line 3, column 2: content after the end");
    }

    @Test
    void readingAMissingManifestSaysSoWithoutTheServerPath() {
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> ModelManifest.read(dir.resolve("ghost")));
        assertEquals("model 'ghost': manifest.json is missing", e.getMessage());
        assertEquals(dir.resolve("ghost").resolve("manifest.json"), e.path());
    }

    @Test
    void theExampleInModelsReadmeIsAValidManifest() throws Exception {
        String readme = Files.readString(ModelStore.home().resolve("models/README.md"));
        int start = readme.indexOf("```json\n") + "```json\n".length();
        String json = readme.substring(start, readme.indexOf("```", start));
        ModelManifest example = ModelManifest.parse("tiny-gpt", json.getBytes(StandardCharsets.UTF_8));
        assertEquals("tiny-gpt", example.name());
        assertEquals(json, example.toJson(), "the example is written the way write() writes it");
    }

    private static void assertInvalid(String json, String expected) {
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class,
                () -> ModelManifest.parse("m", json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static String manifestWithFile(String path, String sha, long size) {
        return """
                {"name": "m", "task": "t", "format": "f", "license": "MIT",
                 "files": [{"path": "%s", "sha256": "%s", "size": %d}]}
                """.formatted(path.replace("\\", "\\\\"), sha, size);
    }
}
