package dev.atelier.text.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufTensorInfo;
import dev.atelier.text.gguf.GgufValue;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.tensor.GgmlType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model file whose metadata or tensors do not describe a runnable model is refused at load
 * with a typed error naming the problem: never an OutOfMemoryError, an index error or a crash.
 */
class ModelLoadingErrorsTest {

    @TempDir
    static Path dir;

    static GgufFile valid;

    @BeforeAll
    static void write() {
        Path file = dir.resolve("valid.gguf");
        RandomModelWriter.write(new RandomModelWriter.Shape(Architecture.LLAMA, 64, 2, 4, 2, 128, 300, 64, false, false),
                GgmlType.F32, 1, false, false, file);
        valid = GgufFile.open(file);
    }

    /** The valid model with metadata replaced ({@code null} removes a key) and tensors changed by {@code tensors}. */
    static GgufFile variant(Map<String, GgufValue> metadata, Consumer<Map<String, GgufTensorInfo>> tensors) {
        GgufWriter w = new GgufWriter();
        valid.metadata().asMap().forEach((k, v) -> {
            if (!metadata.containsKey(k)) {
                w.put(k, v);
            }
        });
        metadata.forEach((k, v) -> {
            if (v != null) {
                w.put(k, v);
            }
        });
        Map<String, GgufTensorInfo> kept = new java.util.LinkedHashMap<>();
        valid.tensors().forEach(t -> kept.put(t.name(), t));
        tensors.accept(kept);
        for (GgufTensorInfo t : kept.values()) {
            if (valid.tensor(t.name()).filter(t::equals).isPresent()) {
                w.addTensor(t.name(), t.type(), t.shape(), valid.tensorData(t));
            } else { // a replaced tensor: random bytes of its declared size
                w.addTensor(t.name(), t.type(), t.shape(), ByteBuffer.allocate((int) t.type().byteSize(t.elementCount())));
            }
        }
        return GgufFile.read(ByteBuffer.wrap(w.toByteArray()), "variant.gguf");
    }

    static void refused(GgufFile file, String... words) {
        AtelierException e = assertThrows(AtelierException.class, () -> LanguageModel.load(file, "variant", 1).close());
        assertTrue(e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.INVALID_ARGUMENT, e.code() + ": " + e.getMessage());
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
        }
    }

    @Test
    void theValidFileLoads() {
        try (LanguageModel m = LanguageModel.load(valid, "valid", 1)) {
            assertEquals(64, m.config().embeddingLength());
            assertEquals(300, m.config().vocabularySize());
        }
    }

    @Test
    void anUnknownArchitectureIsNamed() {
        refused(variant(Map.of("general.architecture", GgufValue.string("mamba")), t -> { }), "mamba");
    }

    @Test
    void absurdSizesAreRefusedBeforeAllocating() {
        refused(variant(Map.of("llama.embedding_length", GgufValue.uint32(1L << 31)), t -> { }), "embedding_length");
        refused(variant(Map.of("llama.block_count", GgufValue.uint32(1_000_000)), t -> { }), "block_count");
        refused(variant(Map.of("llama.context_length", GgufValue.uint32(0)), t -> { }), "context_length");
        refused(variant(Map.of("llama.attention.head_count_kv", GgufValue.uint32(3)), t -> { }), "head_count_kv");
        refused(variant(Map.of("llama.attention.layer_norm_rms_epsilon", GgufValue.float32(Float.NaN)), t -> { }), "epsilon");
    }

    @Test
    void aMissingKeyOrTensorIsNamed() {
        java.util.HashMap<String, GgufValue> drop = new java.util.HashMap<>();
        drop.put("llama.feed_forward_length", null);
        refused(variant(drop, t -> { }), "llama.feed_forward_length");
        refused(variant(Map.of(), t -> t.remove("blk.1.ffn_up.weight")), "blk.1.ffn_up.weight");
    }

    @Test
    void tensorsThatDisagreeWithTheMetadataAreRefused() {
        refused(variant(Map.of("llama.feed_forward_length", GgufValue.uint32(96)), t -> { }), "ffn_gate", "96");
        refused(variant(Map.of(), t -> t.put("blk.0.attn_q.weight",
                new GgufTensorInfo("blk.0.attn_q.weight", new long[] {64, 32}, GgmlType.F32, 0, 0))), "attn_q", "[64, 32]");
    }

    @Test
    void anUnsupportedTensorTypeIsNamed() {
        refused(variant(Map.of(), t -> t.put("blk.0.ffn_down.weight",
                new GgufTensorInfo("blk.0.ffn_down.weight", new long[] {128, 64}, GgmlType.I32, 0, 0))), "I32");
    }
}
