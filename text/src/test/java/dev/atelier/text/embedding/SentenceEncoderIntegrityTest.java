package dev.atelier.text.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.ErrorCode;
import dev.atelier.core.model.ModelIntegrityException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken model files are a typed {@link ModelIntegrityException} (UNAVAILABLE) naming the file,
 * never an ONNX Runtime stack trace, and never a silently different model.
 */
class SentenceEncoderIntegrityTest {

    @TempDir
    static Path dir;
    static Path onnx;
    static Path tokenizer;

    @BeforeAll
    static void copyTheModelOut() throws IOException {
        onnx = copy(SentenceEncoder.ALL_MINILM_L6_V2_ONNX, dir.resolve("model.onnx"));
        tokenizer = copy(SentenceEncoder.ALL_MINILM_L6_V2_TOKENIZER, dir.resolve("tokenizer.json"));
    }

    @Test
    void theIntactCopyLoadsFromPaths() {
        try (SentenceEncoder encoder = SentenceEncoder.builder().optModelPath(onnx, tokenizer).optMaxTokens(16).build()) {
            assertEquals("model", encoder.name());
            assertEquals(384, encoder.dimension());
        }
    }

    @Test
    void oneFlippedByteIsCaughtBeforeOnnxRuntimeSeesIt() throws IOException {
        Path tampered = Files.copy(onnx, dir.resolve("tampered.onnx"));
        try (RandomAccessFile file = new RandomAccessFile(tampered.toFile(), "rw")) {
            long at = file.length() / 2; // inside the weights: ONNX Runtime would load it happily
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x01);
        }
        ModelIntegrityException e = integrity(() -> SentenceEncoder.builder().optModelPath(tampered, tokenizer).build());
        assertEquals("tampered.onnx", e.file());
        assertTrue(e.getMessage().contains("wrong sha256 (expected 759c3cd2b7fe…"), e.getMessage());
        assertFalse(e.getMessage().contains(dir.toString()), "no server paths in messages");
    }

    @Test
    void anExplicitHashThatDoesNotMatchIsRefused() {
        integrity(() -> SentenceEncoder.builder().optSha256("00".repeat(32)).build());
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        Path truncated = dir.resolve("truncated.onnx");
        try (InputStream in = Files.newInputStream(onnx)) {
            Files.write(truncated, in.readNBytes(1 << 20));
        }
        integrity(() -> SentenceEncoder.builder().optModelPath(truncated, tokenizer).build());
    }

    @Test
    void missingFilesAndResourcesAreRefused() {
        ModelIntegrityException e = integrity(
                () -> SentenceEncoder.builder().optModelPath(dir.resolve("nope.onnx"), tokenizer).build());
        assertTrue(e.getMessage().contains("'nope.onnx' is missing"), e.getMessage());
        e = integrity(() -> SentenceEncoder.builder().optModelResource("no/such.onnx", "no/such.json").build());
        assertTrue(e.getMessage().contains("missing from the class path"), e.getMessage());
    }

    @Test
    void aBrokenTokenizerIsRefused() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken-tokenizer.json"), "{\"not\": \"a tokenizer\"}",
                StandardCharsets.UTF_8);
        ModelIntegrityException e = integrity(() -> SentenceEncoder.builder().optModelPath(onnx, broken).build());
        assertEquals("broken-tokenizer.json", e.file());
    }

    private static ModelIntegrityException integrity(Executable build) {
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, build);
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        return e;
    }

    private static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = SentenceEncoderIntegrityTest.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
        return target;
    }
}
