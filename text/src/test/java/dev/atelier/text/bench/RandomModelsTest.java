package dev.atelier.text.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.text.SharedTestData;
import dev.atelier.text.convert.FileType;
import dev.atelier.text.convert.Llama3RopeScaling;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufMetadata;
import dev.atelier.text.gguf.GgufTensorInfo;
import dev.atelier.text.tensor.GgmlType;
import dev.atelier.text.tokenizer.Tokenizer;
import dev.atelier.text.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomModelsTest {

    @TempDir
    Path tmp;

    static long parameters(RandomModels m) {
        return m.tensorShapes().entrySet().stream().filter(e -> !e.getKey().equals("rope_freqs.weight"))
                .mapToLong(e -> {
                    long n = 1;
                    for (long d : e.getValue()) {
                        n *= d;
                    }
                    return n;
                }).sum();
    }

    @Test
    void realShapesHaveThePublishedParameterCounts() {
        // Hugging Face model cards: Llama-3.2-1B 1,235,814,400; Qwen2.5-0.5B 494,032,768; GPT-2 124,439,808.
        assertEquals(1_235_814_400L, parameters(RandomModels.builder().setShape(RandomModels.LLAMA_3_2_1B).setType(FileType.Q8_0).build()));
        assertEquals(494_032_768L, parameters(RandomModels.builder().setShape(RandomModels.QWEN2_5_0_5B).setType(FileType.Q8_0).build()));
        assertEquals(124_439_808L, parameters(RandomModels.builder().setShape(RandomModels.GPT2_124M).setType(FileType.F16).build()));
        Map<String, long[]> llama = RandomModels.builder().setShape(RandomModels.LLAMA_3_2_1B).setType(FileType.F32).build().tensorShapes();
        assertArrayEquals(new long[] {2048, 512}, llama.get("blk.15.attn_k.weight"), "8 KV heads of 64");
        assertArrayEquals(new long[] {8192, 2048}, llama.get("blk.0.ffn_down.weight"));
        assertArrayEquals(new long[] {32}, llama.get("rope_freqs.weight"));
        assertFalse(llama.containsKey("output.weight"), "tied embeddings");
    }

    static final RandomModels.Shape TINY_LLAMA = new RandomModels.Shape("tiny", "llama", 64, 2, 4, 2, 96, 400, 128,
            500000, 1e-5f, false, Llama3RopeScaling.LLAMA_3_2, false,
            new RandomModels.VocabularyLayout(390, Map.of(390, "<|begin_of_text|>", 391, "<|eot_id|>"), 390, 391, "llama-bpe"));

    @Test
    void writesAReadableModelWithItsMetadataAndASyntheticVocabulary() throws IOException {
        Path f = tmp.resolve("tiny.gguf");
        RandomModels.Result r = RandomModels.builder().setShape(TINY_LLAMA).setType(FileType.Q8_0).build().write(f);
        assertFalse(r.realVocabulary());
        GgufFile g = GgufFile.open(f);
        GgufMetadata md = g.metadata();
        assertEquals("llama", md.getString("general.architecture"));
        assertEquals(7, md.getInt("general.file_type"));
        assertEquals(64, md.getInt("llama.embedding_length"));
        assertEquals(2, md.getInt("llama.block_count"));
        assertEquals(4, md.getInt("llama.attention.head_count"));
        assertEquals(2, md.getInt("llama.attention.head_count_kv"));
        assertEquals(96, md.getInt("llama.feed_forward_length"));
        assertEquals(500000f, md.getFloat("llama.rope.freq_base"));
        assertEquals(16, md.getInt("llama.rope.dimension_count"));
        assertEquals(GgmlType.Q8_0, g.requireTensor("blk.1.ffn_gate.weight").type());
        assertEquals(GgmlType.F32, g.requireTensor("blk.1.ffn_norm.weight").type());
        assertArrayEquals(new long[] {64, 400}, g.requireTensor("output.weight").shape());
        assertArrayEquals(new long[] {64, 32}, g.requireTensor("blk.0.attn_k.weight").shape());
        assertEquals(r.parameters() + 8, g.tensors().stream().mapToLong(GgufTensorInfo::elementCount).sum(), "plus 8 rope_freqs");

        // Weights: mean about 0, standard deviation about 0.02; norms near 1.
        float[] w = g.readFloats(g.requireTensor("blk.0.ffn_up.weight"));
        double mean = 0;
        double sq = 0;
        for (float x : w) {
            mean += x;
            sq += x * x;
        }
        mean /= w.length;
        assertEquals(0, mean, 0.002);
        assertEquals(0.02, Math.sqrt(sq / w.length), 0.002);
        for (float x : g.readFloats(g.requireTensor("output_norm.weight"))) {
            assertTrue(x >= 0.9f && x <= 1.1f);
        }

        Tokenizer tok = Tokenizers.fromGguf(g);
        assertEquals(400, tok.vocabularySize());
        String text = "the rain in spain stays mainly in the plain";
        int[] ids = tok.encode(text);
        assertEquals(text, tok.decode(ids));
        assertTrue(ids.length <= text.length() * 3 / 4, "merges apply: " + ids.length + " tokens for " + text.length() + " bytes");
        assertEquals(390, tok.bosId().getAsInt());
        assertEquals("<|eot_id|>", tok.token(391));
    }

    @Test
    void theSameSeedGivesTheSameFileAndAnotherSeedAnother() throws IOException {
        Path a = tmp.resolve("a.gguf");
        Path b = tmp.resolve("b.gguf");
        Path c = tmp.resolve("c.gguf");
        RandomModels.builder().setShape(TINY_LLAMA).setType(FileType.Q4_0).optSeed(7).build().write(a);
        RandomModels.builder().setShape(TINY_LLAMA).setType(FileType.Q4_0).optSeed(7).build().write(b);
        RandomModels.builder().setShape(TINY_LLAMA).setType(FileType.Q4_0).optSeed(8).build().write(c);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
    }

    @Test
    void llama3RopeFrequencyDivisors() {
        float[] f = Llama3RopeScaling.LLAMA_3_2.ropeFreqs(64, 500000);
        assertEquals(32, f.length);
        assertEquals(1f, f[0], "short wavelengths are kept");
        assertEquals(32f, f[31], "long wavelengths are slowed by the factor");
        for (int i = 0; i < 32; i++) {
            double wavelen = 2 * Math.PI * Math.pow(500000, 2.0 * i / 64);
            if (wavelen < 8192 / 4.0 * 0.999) {
                assertEquals(1f, f[i], "pair " + i);
            } else if (wavelen > 8192 * 1.001) {
                assertEquals(32f, f[i], "pair " + i);
            } else {
                assertTrue(f[i] >= 1 && f[i] <= 32, "interpolated " + f[i]);
            }
            assertTrue(i == 0 || f[i] >= f[i - 1], "monotonic");
        }
    }

    @Test
    void aRealGpt2VocabularyIsCopied() throws IOException {
        Path vocab = SharedTestData.require("tokenizers/vocab-gpt-2.gguf");
        RandomModels.Shape tinyGpt2 = new RandomModels.Shape("tiny-gpt2", "gpt2", 32, 1, 2, 2, 64, 50257, 64,
                10000, 1e-5f, false, null, true, RandomModels.GPT2_124M.vocabulary());
        Path f = tmp.resolve("g.gguf");
        RandomModels.Result r = RandomModels.builder().setShape(tinyGpt2).setType(FileType.F16).optVocabulary(vocab).build().write(f);
        assertTrue(r.realVocabulary());
        GgufFile g = GgufFile.open(f);
        assertEquals(GgmlType.F16, g.requireTensor("position_embd.weight").type());
        assertArrayEquals(new long[] {32, 96}, g.requireTensor("blk.0.attn_qkv.weight").shape());
        int[] expected = Tokenizers.fromGguf(GgufFile.open(vocab)).encode("Hello world, 123!");
        assertArrayEquals(expected, Tokenizers.fromGguf(g).encode("Hello world, 123!"));
    }

    @Test
    void badRequestsAreTyped() {
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AtelierException.class, () -> RandomModels.shape("llama-9")).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AtelierException.class, () -> RandomModels.builder().build()).code());
        assertEquals(RandomModels.QWEN2_5_0_5B, RandomModels.shape("Qwen2.5-0.5B"));
        RandomModels.Shape odd = new RandomModels.Shape("odd", "llama", 48, 1, 4, 2, 96, 300, 16, 10000, 1e-5f, false, null, false,
                new RandomModels.VocabularyLayout(299, Map.of(), 0, 1, "llama-bpe"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AtelierException.class,
                () -> RandomModels.builder().setShape(odd).setType(FileType.Q8_0).build()).code());
    }
}
