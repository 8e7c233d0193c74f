package dev.atelier.text.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.text.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vocab-only GGUF files llama.cpp ships for its tokenizer tests. */
class GgufVocabFilesTest {

    @Test
    void gpt2Vocabulary() {
        GgufFile f = GgufFile.open(SharedTestData.require("tokenizers/vocab-gpt-2.gguf"));
        assertEquals(3, f.version());
        assertTrue(f.tensors().isEmpty());
        GgufMetadata m = f.metadata();
        assertEquals("gpt2", m.getString("general.architecture"));
        assertEquals(1024, m.getInt("gpt2.context_length"));
        assertEquals(1e-5f, m.getFloat("gpt2.attention.layer_norm_epsilon"));
        assertEquals("gpt2", m.getString("tokenizer.ggml.model"));
        assertEquals("gpt-2", m.getString("tokenizer.ggml.pre"));
        String[] tokens = m.getStringArray("tokenizer.ggml.tokens");
        assertEquals(50257, tokens.length);
        assertEquals("!", tokens[0]);
        assertEquals("Ġthe", tokens[262]);
        assertEquals("<|endoftext|>", tokens[50256]);
        String[] merges = m.getStringArray("tokenizer.ggml.merges");
        assertEquals(50000, merges.length);
        assertEquals("Ġ t", merges[0]);
        int[] types = m.getIntArray("tokenizer.ggml.token_type");
        assertEquals(3, types[50256], "<|endoftext|> is a control token");
        assertEquals(50256, Arrays.stream(types).filter(t -> t == 1).count());
        assertEquals(50256, m.getInt("tokenizer.ggml.bos_token_id"));
        assertEquals(50256, m.getInt("tokenizer.ggml.eos_token_id"));
    }

    @Test
    void llamaSentencePieceVocabulary() {
        GgufFile f = GgufFile.open(SharedTestData.require("tokenizers/vocab-llama-spm.gguf"));
        GgufMetadata m = f.metadata();
        assertEquals("llama", m.getString("tokenizer.ggml.model"));
        String[] tokens = m.getStringArray("tokenizer.ggml.tokens");
        assertEquals(32000, tokens.length);
        assertEquals(32000, m.getInt("llama.vocab_size"));
        assertArrayEquals(new String[] {"<unk>", "<s>", "</s>", "<0x00>"}, Arrays.copyOf(tokens, 4));
        assertEquals("▁", tokens[29871]);
        float[] scores = m.getFloatArray("tokenizer.ggml.scores");
        assertEquals(32000, scores.length);
        assertEquals(-1e9f, scores[259]);
        assertEquals(-1f, scores[260]);
        int[] types = m.getIntArray("tokenizer.ggml.token_type");
        assertArrayEquals(new int[] {2, 3, 3, 6}, Arrays.copyOf(types, 4));
        assertTrue(m.getBoolean("tokenizer.ggml.add_bos_token"));
        assertEquals(false, m.getBoolean("tokenizer.ggml.add_eos_token"));
        assertEquals(1, m.getInt("tokenizer.ggml.bos_token_id"));
        assertEquals(0, m.getInt("tokenizer.ggml.unknown_token_id"));
    }

    /** llama.cpp's writer and ours agree to the byte: rewriting what we read reproduces the file. */
    @Test
    void rewritingReproducesTheFilesExactly() throws IOException {
        for (String name : new String[] {"vocab-gpt-2.gguf", "vocab-llama-spm.gguf"}) {
            Path path = SharedTestData.require("tokenizers/" + name);
            GgufFile f = GgufFile.open(path);
            GgufWriter w = new GgufWriter().version(f.version());
            for (Map.Entry<String, GgufValue> e : f.metadata().asMap().entrySet()) {
                w.put(e.getKey(), e.getValue());
            }
            assertArrayEquals(Files.readAllBytes(path), w.toByteArray(), name);
        }
    }
}
