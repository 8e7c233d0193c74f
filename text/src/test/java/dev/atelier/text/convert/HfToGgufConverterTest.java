package dev.atelier.text.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.model.ModelIntegrityException;
import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufMetadata;
import dev.atelier.text.gguf.GgufTensorInfo;
import dev.atelier.text.tensor.GgmlType;
import dev.atelier.text.tensor.Quantize;
import dev.atelier.text.tokenizer.Tokenizer;
import dev.atelier.text.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiny random Hugging Face folders of each architecture are converted and read back: every tensor
 * must hold its source values under its llama.cpp name (reversed shape; Q/K of llama permuted as
 * llama.cpp's converter defines it, checked both by that definition and by RoPE giving the same
 * attention scores; GPT-2's Conv1D transposed), the metadata must carry the config, and the GGUF
 * tokenizer must encode like the tokenizer.json through DJL's Hugging Face tokenizers.
 */
class HfToGgufConverterTest {

    @TempDir
    Path tmp;

    static final int HIDDEN = 64;
    static final int HEADS = 4;
    static final int KV_HEADS = 2;
    static final int HD = HIDDEN / HEADS;
    static final int FFN = 96;

    static final Map<Integer, String> LLAMA_SPECIALS = Map.of(500, "<|begin_of_text|>", 501, "<|end_of_text|>", 502, "<|eot_id|>");

    HfFolder llama(String name, String hfArch, boolean qwen, boolean tied) throws IOException {
        ObjectNode extra = HfFolder.JSON.createObjectNode();
        if (!qwen) {
            extra.putObject("rope_scaling").put("rope_type", "llama3").put("factor", 32.0).put("low_freq_factor", 1.0)
                    .put("high_freq_factor", 4.0).put("original_max_position_embeddings", 8192);
        }
        HfFolder f = HfFolder.llama(tmp.resolve(name), hfArch, HIDDEN, 2, HEADS, KV_HEADS, FFN, 520, qwen, tied, extra);
        if (qwen) {
            f.tokenizer(500, Map.of(500, "<|endoftext|>", 501, "<|im_start|>", 502, "<|im_end|>"),
                    HfTokenizerMetadata.QWEN2_REGEX, false, true, "<|endoftext|>", "<|im_end|>", false, "{{ messages }}");
        } else {
            f.tokenizer(500, LLAMA_SPECIALS, HfTokenizerMetadata.LLAMA3_REGEX, true, false,
                    "<|begin_of_text|>", "<|eot_id|>", true, "{% for m in messages %}{{ m.content }}{% endfor %}");
        }
        return f;
    }

    static float[] floats(GgufFile g, String name) {
        return g.readFloats(g.requireTensor(name));
    }

    static long[] reversed(long[] s) {
        long[] r = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            r[i] = s[s.length - 1 - i];
        }
        return r;
    }

    /**
     * llama.cpp's permute, written as its numpy definition: w.reshape(n_head, 2, rows/n_head/2, cols)
     * .swapaxes(1, 2).reshape(w.shape).
     */
    static float[] permute(float[] w, int nHead, int rows, int cols) {
        int half = rows / nHead / 2;
        float[] out = new float[w.length];
        for (int h = 0; h < nHead; h++) {
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < half; b++) {
                    for (int c = 0; c < cols; c++) {
                        // source index [h][a][b][c]; after swapaxes it sits at [h][b][a][c]
                        int src = ((h * 2 + a) * half + b) * cols + c;
                        int dst = ((h * half + b) * 2 + a) * cols + c;
                        out[dst] = w[src];
                    }
                }
            }
        }
        return out;
    }

    @Test
    void llamaTensorsAndMetadata() throws IOException {
        HfFolder f = llama("tiny-llama", "LlamaForCausalLM", false, false);
        Path out = tmp.resolve("llama.gguf");
        HfToGgufConverter.Result r = HfToGgufConverter.builder().setType(FileType.F32).build().convert(f.dir, out);
        assertEquals("llama", r.architecture());
        GgufFile g = GgufFile.open(out);
        GgufMetadata md = g.metadata();
        assertEquals("llama", md.getString("general.architecture"));
        assertEquals(2048, md.getInt("llama.context_length"));
        assertEquals(HIDDEN, md.getInt("llama.embedding_length"));
        assertEquals(2, md.getInt("llama.block_count"));
        assertEquals(FFN, md.getInt("llama.feed_forward_length"));
        assertEquals(HEADS, md.getInt("llama.attention.head_count"));
        assertEquals(KV_HEADS, md.getInt("llama.attention.head_count_kv"));
        assertEquals(1e-5f, md.getFloat("llama.attention.layer_norm_rms_epsilon"));
        assertEquals(500000f, md.getFloat("llama.rope.freq_base"));
        assertEquals(HD, md.getInt("llama.rope.dimension_count"));
        assertEquals(0, md.getInt("general.file_type"));
        assertArrayEquals(Llama3RopeScaling.LLAMA_3_2.ropeFreqs(HD, 500000), floats(g, "rope_freqs.weight"));

        Map<String, String> names = Map.ofEntries(
                Map.entry("model.embed_tokens.weight", "token_embd.weight"), Map.entry("model.norm.weight", "output_norm.weight"),
                Map.entry("lm_head.weight", "output.weight"), Map.entry("model.layers.1.input_layernorm.weight", "blk.1.attn_norm.weight"),
                Map.entry("model.layers.1.self_attn.v_proj.weight", "blk.1.attn_v.weight"),
                Map.entry("model.layers.1.self_attn.o_proj.weight", "blk.1.attn_output.weight"),
                Map.entry("model.layers.1.post_attention_layernorm.weight", "blk.1.ffn_norm.weight"),
                Map.entry("model.layers.1.mlp.gate_proj.weight", "blk.1.ffn_gate.weight"),
                Map.entry("model.layers.1.mlp.up_proj.weight", "blk.1.ffn_up.weight"),
                Map.entry("model.layers.1.mlp.down_proj.weight", "blk.1.ffn_down.weight"));
        names.forEach((hf, gguf) -> {
            HfFolder.Stored s = f.tensors.get(hf);
            assertArrayEquals(reversed(s.shape()), g.requireTensor(gguf).shape(), gguf + ": ne[0] is the contiguous dimension");
            assertArrayEquals(s.values(), floats(g, gguf), gguf);
        });
        for (int layer = 0; layer < 2; layer++) {
            HfFolder.Stored q = f.tensors.get("model.layers." + layer + ".self_attn.q_proj.weight");
            HfFolder.Stored k = f.tensors.get("model.layers." + layer + ".self_attn.k_proj.weight");
            assertArrayEquals(permute(q.values(), HEADS, HEADS * HD, HIDDEN), floats(g, "blk." + layer + ".attn_q.weight"));
            assertArrayEquals(permute(k.values(), KV_HEADS, KV_HEADS * HD, HIDDEN), floats(g, "blk." + layer + ".attn_k.weight"));
        }
        assertTrue(g.tensor("blk.0.rotary_emb.inv_freq").isEmpty());
        // 2 layers × 9 tensors + embeddings, output norm, output, rope_freqs
        assertEquals(22, g.tensors().size());
        assertEquals(r.tensors(), g.tensors().size());
    }

    /** The reason for the permutation: RoPE on adjacent pairs of the GGUF rows gives HF's attention scores. */
    @Test
    void permutedQueriesAndKeysGiveTheSameAttentionScoresUnderAdjacentPairRope() throws IOException {
        HfFolder f = llama("rope-llama", "LlamaForCausalLM", false, true);
        Path out = tmp.resolve("rope.gguf");
        HfToGgufConverter.builder().setType(FileType.F32).build().convert(f.dir, out);
        GgufFile g = GgufFile.open(out);
        float[] qHf = f.tensors.get("model.layers.0.self_attn.q_proj.weight").values();
        float[] kHf = f.tensors.get("model.layers.0.self_attn.k_proj.weight").values();
        float[] qG = floats(g, "blk.0.attn_q.weight");
        float[] kG = floats(g, "blk.0.attn_k.weight");
        Random r = new Random(3);
        float[] x = new float[HIDDEN];
        float[] y = new float[HIDDEN];
        for (int i = 0; i < HIDDEN; i++) {
            x[i] = (float) r.nextGaussian();
            y[i] = (float) r.nextGaussian();
        }
        for (int head = 0; head < HEADS; head++) {
            int kvHead = head / (HEADS / KV_HEADS);
            double hf = dot(ropeHalves(project(qHf, x, head), 7), ropeHalves(project(kHf, y, kvHead), 3));
            double gguf = dot(ropePairs(project(qG, x, head), 7), ropePairs(project(kG, y, kvHead), 3));
            assertEquals(hf, gguf, 1e-4 * Math.max(1, Math.abs(hf)), "head " + head);
        }
    }

    static double[] project(float[] w, float[] x, int head) {
        double[] out = new double[HD];
        for (int i = 0; i < HD; i++) {
            for (int c = 0; c < HIDDEN; c++) {
                out[i] += w[(head * HD + i) * HIDDEN + c] * x[c];
            }
        }
        return out;
    }

    static double angle(int pos, int i) {
        return pos * Math.pow(500000, -2.0 * i / HD);
    }

    /** HF's rotate_half: x_i pairs with x_{i+d/2}. */
    static double[] ropeHalves(double[] v, int pos) {
        double[] o = new double[HD];
        for (int i = 0; i < HD / 2; i++) {
            double c = Math.cos(angle(pos, i));
            double s = Math.sin(angle(pos, i));
            o[i] = v[i] * c - v[i + HD / 2] * s;
            o[i + HD / 2] = v[i + HD / 2] * c + v[i] * s;
        }
        return o;
    }

    /** llama.cpp's normal RoPE: x_{2i} pairs with x_{2i+1}. */
    static double[] ropePairs(double[] v, int pos) {
        double[] o = new double[HD];
        for (int i = 0; i < HD / 2; i++) {
            double c = Math.cos(angle(pos, i));
            double s = Math.sin(angle(pos, i));
            o[2 * i] = v[2 * i] * c - v[2 * i + 1] * s;
            o[2 * i + 1] = v[2 * i + 1] * c + v[2 * i] * s;
        }
        return o;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void qwen2KeepsHalvesAndBiases() throws IOException {
        HfFolder f = llama("tiny-qwen", "Qwen2ForCausalLM", true, true);
        Path out = tmp.resolve("qwen.gguf");
        HfToGgufConverter.builder().setType(FileType.F32).build().convert(f.dir, out);
        GgufFile g = GgufFile.open(out);
        assertEquals("qwen2", g.metadata().getString("general.architecture"));
        assertEquals("qwen2", g.metadata().getString("tokenizer.ggml.pre"));
        assertTrue(g.tensor("output.weight").isEmpty(), "tied: no output tensor");
        assertTrue(g.tensor("rope_freqs.weight").isEmpty());
        for (String p : List.of("q", "k", "v")) {
            HfFolder.Stored w = f.tensors.get("model.layers.1.self_attn." + p + "_proj.weight");
            assertArrayEquals(w.values(), floats(g, "blk.1.attn_" + p + ".weight"), p + ": not permuted");
            assertArrayEquals(f.tensors.get("model.layers.1.self_attn." + p + "_proj.bias").values(), floats(g, "blk.1.attn_" + p + ".bias"));
        }
    }

    @Test
    void gpt2TransposesConv1dWeights() throws IOException {
        int h = 32;
        HfFolder f = HfFolder.gpt2(tmp.resolve("tiny-gpt2"), h, 2, 2, 300, 64);
        f.tokenizer(299, Map.of(299, "<|endoftext|>"), null, false, false, "<|endoftext|>", "<|endoftext|>", false, null);
        Path out = tmp.resolve("gpt2.gguf");
        HfToGgufConverter.builder().setType(FileType.F32).build().convert(f.dir, out);
        GgufFile g = GgufFile.open(out);
        GgufMetadata md = g.metadata();
        assertEquals("gpt2", md.getString("general.architecture"));
        assertEquals(64, md.getInt("gpt2.context_length"));
        assertEquals(4 * h, md.getInt("gpt2.feed_forward_length"));
        assertEquals(1e-5f, md.getFloat("gpt2.attention.layer_norm_epsilon"));
        assertEquals("gpt-2", md.getString("tokenizer.ggml.pre"));
        assertArrayEquals(f.tensors.get("wpe.weight").values(), floats(g, "position_embd.weight"));
        Map<String, String> conv = Map.of("h.1.attn.c_attn.weight", "blk.1.attn_qkv.weight", "h.1.attn.c_proj.weight",
                "blk.1.attn_output.weight", "h.1.mlp.c_fc.weight", "blk.1.ffn_up.weight", "h.1.mlp.c_proj.weight", "blk.1.ffn_down.weight");
        conv.forEach((hf, gguf) -> {
            HfFolder.Stored s = f.tensors.get(hf);
            int in = (int) s.shape()[0];
            int outDim = (int) s.shape()[1];
            assertArrayEquals(new long[] {in, outDim}, g.requireTensor(gguf).shape(), gguf + ": [in, out] as any linear layer");
            float[] got = floats(g, gguf);
            for (int o = 0; o < outDim; o++) {
                for (int i = 0; i < in; i++) {
                    assertEquals(s.values()[i * outDim + o], got[o * in + i], gguf);
                }
            }
        });
        assertArrayEquals(f.tensors.get("h.0.attn.c_attn.bias").values(), floats(g, "blk.0.attn_qkv.bias"));
        assertArrayEquals(f.tensors.get("ln_f.bias").values(), floats(g, "output_norm.bias"));
        assertTrue(g.tensor("output.weight").isEmpty());
        assertEquals(299, md.getInt("tokenizer.ggml.bos_token_id"));
    }

    @Test
    void quantizedAndHalfOutputs() throws IOException {
        HfFolder f = llama("q-llama", "LlamaForCausalLM", false, false);
        for (FileType t : List.of(FileType.F16, FileType.BF16, FileType.Q8_0, FileType.Q4_0)) {
            Path out = tmp.resolve("llama-" + t.cliName() + ".gguf");
            HfToGgufConverter.builder().setType(t).build().convert(f.dir, out);
            GgufFile g = GgufFile.open(out);
            assertEquals(t.id(), g.metadata().getInt("general.file_type"));
            GgufTensorInfo up = g.requireTensor("blk.0.ffn_up.weight");
            assertEquals(t.tensorType(), up.type());
            byte[] bytes = new byte[(int) up.byteSize()];
            g.tensorData(up).get(bytes);
            assertArrayEquals(Quantize.quantize(t.tensorType(), f.tensors.get("model.layers.0.mlp.up_proj.weight").values()), bytes,
                    t + ": the source values encoded as " + t.tensorType());
            assertEquals(GgmlType.F32, g.requireTensor("blk.0.attn_norm.weight").type(), "vectors stay F32");
            assertArrayEquals(f.tensors.get("model.layers.0.input_layernorm.weight").values(), floats(g, "blk.0.attn_norm.weight"));
            assertEquals(t.isQuantized(), g.metadata().contains("general.quantization_version"));
        }
    }

    @Test
    void theGgufTokenizerEncodesLikeTheHuggingFaceOne() throws IOException {
        for (String arch : List.of("llama", "qwen2", "gpt2", "smollm")) {
            HfFolder f;
            if (arch.equals("smollm")) {
                f = HfFolder.llama(tmp.resolve("tok-smollm"), "LlamaForCausalLM", HIDDEN, 1, HEADS, KV_HEADS, FFN, 501, false, true, null);
                f.tokenizer(500, Map.of(500, "<|endoftext|>"), HfFolder.SMOLLM, false, false, "<|endoftext|>", "<|endoftext|>", false, null);
            } else if (arch.equals("gpt2")) {
                f = HfFolder.gpt2(tmp.resolve("tok-gpt2"), 32, 1, 2, 300, 16);
                f.tokenizer(299, Map.of(299, "<|endoftext|>"), null, false, false, "<|endoftext|>", "<|endoftext|>", false, null);
            } else {
                f = llama("tok-" + arch, arch.equals("llama") ? "LlamaForCausalLM" : "Qwen2ForCausalLM", arch.equals("qwen2"), true);
            }
            Path out = tmp.resolve("tok-" + arch + ".gguf");
            HfToGgufConverter.builder().setType(FileType.Q8_0).build().convert(f.dir, out);
            GgufFile g = GgufFile.open(out);
            Tokenizer fromGguf = Tokenizers.fromGguf(g);
            Tokenizer fromJson = Tokenizers.fromHuggingFace(f.dir.resolve("tokenizer.json"));
            int vocab = g.metadata().getInt(g.metadata().getString("general.architecture") + ".vocab_size");
            if (arch.equals("smollm")) {
                assertEquals("smollm", g.metadata().getString("tokenizer.ggml.pre"));
            }
            assertEquals(vocab, fromGguf.vocabularySize(), "padded to the model's vocabulary");
            NativeRuntime.configure();
            int compared = 0;
            try (HuggingFaceTokenizer reference = HuggingFaceTokenizer.builder().optTokenizerPath(f.dir.resolve("tokenizer.json"))
                    .optAddSpecialTokens(false).optTruncation(false).optPadding(false).build()) {
                for (String text : texts()) {
                    // Hugging Face always matches added tokens in text; so do we when special tokens are allowed.
                    int[] ours = fromGguf.encode(text, true);
                    assertEquals(text, fromGguf.decode(ours), arch + " decodes back");
                    if (arch.equals("qwen2") && !Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
                        continue; // llama.cpp's qwen2 pre-tokenizer does not NFC-normalise as tokenizer.json asks
                    }
                    long[] ref = reference.encode(text, false, false).getIds();
                    int[] expected = new int[ref.length];
                    for (int i = 0; i < ref.length; i++) {
                        expected[i] = (int) ref[i];
                    }
                    assertArrayEquals(expected, ours, arch + ": " + text);
                    assertArrayEquals(fromJson.encode(text, true), ours, arch + " (tokenizer.json read by Tokenizers): " + text);
                    compared++;
                }
            }
            assertTrue(compared > 250, arch + ": " + compared);
        }
    }

    @Test
    void llamaSpecialTokensTemplateAndBos() throws IOException {
        HfFolder f = llama("meta-llama", "LlamaForCausalLM", false, true);
        Path out = tmp.resolve("special.gguf");
        HfToGgufConverter.builder().setType(FileType.F16).build().convert(f.dir, out);
        GgufMetadata md = GgufFile.open(out).metadata();
        assertEquals("gpt2", md.getString("tokenizer.ggml.model"));
        assertEquals("llama-bpe", md.getString("tokenizer.ggml.pre"));
        assertEquals(500, md.getInt("tokenizer.ggml.bos_token_id"));
        assertEquals(502, md.getInt("tokenizer.ggml.eos_token_id"));
        assertTrue(md.getBoolean("tokenizer.ggml.add_bos_token"), "from the TemplateProcessing post-processor");
        assertEquals("{% for m in messages %}{{ m.content }}{% endfor %}", md.getString("tokenizer.chat_template"));
        int[] types = md.getIntArray("tokenizer.ggml.token_type");
        String[] tokens = md.getStringArray("tokenizer.ggml.tokens");
        assertEquals(520, tokens.length);
        assertEquals(1, types[0]);
        assertEquals(3, types[502]);
        assertEquals("[PAD519]", tokens[519]);
        assertEquals(5, types[519]);
        assertEquals(500 - 256, md.getStringArray("tokenizer.ggml.merges").length);
    }

    @Test
    void unsupportedOrBrokenFoldersAreTypedErrors() throws IOException {
        HfFolder f = llama("broken", "LlamaForCausalLM", false, true);
        HfToGgufConverter c = HfToGgufConverter.builder().setType(FileType.F16).build();
        Path out = tmp.resolve("x.gguf");

        String config = Files.readString(f.dir.resolve("config.json"));
        Files.writeString(f.dir.resolve("config.json"), config.replace("LlamaForCausalLM", "GemmaForCausalLM"));
        assertTrue(assertThrows(ModelIntegrityException.class, () -> c.convert(f.dir, out)).getMessage().contains("GemmaForCausalLM"));
        Files.writeString(f.dir.resolve("config.json"), config.replace("\"hidden_size\" : 64", "\"hidden_size\" : -1"));
        assertTrue(assertThrows(ModelIntegrityException.class, () -> c.convert(f.dir, out)).getMessage().contains("hidden_size"));
        Files.writeString(f.dir.resolve("config.json"), config);

        String tok = Files.readString(f.dir.resolve("tokenizer.json"));
        Files.writeString(f.dir.resolve("tokenizer.json"), tok.replace("\"type\":\"BPE\"", "\"type\":\"Unigram\""));
        assertTrue(assertThrows(ModelIntegrityException.class, () -> c.convert(f.dir, out)).getMessage().contains("Unigram"));
        Files.delete(f.dir.resolve("tokenizer.json"));
        assertTrue(assertThrows(ModelIntegrityException.class, () -> c.convert(f.dir, out)).getMessage().contains("missing"));
        Files.writeString(f.dir.resolve("tokenizer.json"), tok);

        HfFolder odd = llama("odd", "LlamaForCausalLM", false, true);
        odd.tensor("model.layers.0.self_attn.q_norm.weight", dev.atelier.text.safetensors.SafetensorsDtype.F32, HD);
        new dev.atelier.text.safetensors.SafetensorsWriter().add("model.vision_tower.weight",
                dev.atelier.text.safetensors.SafetensorsDtype.F32, new long[] {2}, new float[2]).write(odd.dir.resolve("extra.safetensors"));
        Files.delete(odd.dir.resolve("model.safetensors.index.json"));
        assertTrue(assertThrows(ModelIntegrityException.class, () -> c.convert(odd.dir, out)).getMessage().contains("does not know"));
        new dev.atelier.text.safetensors.SafetensorsWriter().add("transformer.ln_f.bias", dev.atelier.text.safetensors.SafetensorsDtype.F32,
                new long[] {2}, new float[2]).write(odd.dir.resolve("extra.safetensors"));
        HfFolder twiceFolder = HfFolder.gpt2(tmp.resolve("twice"), 32, 1, 2, 300, 16);
        twiceFolder.tokenizer(299, Map.of(299, "<|endoftext|>"), null, false, false, "<|endoftext|>", "<|endoftext|>", false, null);
        Path gpt2 = twiceFolder.dir;
        Files.copy(odd.dir.resolve("extra.safetensors"), gpt2.resolve("extra.safetensors"));
        Files.delete(gpt2.resolve("model.safetensors.index.json"));
        ModelIntegrityException twice = assertThrows(ModelIntegrityException.class, () -> c.convert(gpt2, out));
        assertTrue(twice.getMessage().contains("both become output_norm.bias"), twice.getMessage());
        assertFalse(Files.exists(out));
    }

    /** A SentencePiece-style (byte fallback) Llama tokenizer.json becomes a GGUF "llama" tokenizer that encodes the same. */
    @Test
    void sentencePieceTokenizers() throws IOException {
        // A small SentencePiece vocabulary: <unk> <s> </s>, 256 byte pieces, then pieces by falling score.
        List<String> pieces = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        for (int b = 0; b < 256; b++) {
            pieces.add(String.format("<0x%02X>", b));
        }
        pieces.addAll(List.of("\u2581t", "he", "\u2581the", "in", "\u2581a", "er", "on", "\u2581th", "re", "at", "\u2581w",
                "or", "en", "\u2581s", "ll", "\u2581o", "\u2581wor", "ld", "\u2581world", "\u2581he", "llo", "\u2581hello",
                "\u2581", "t", "h", "e", "i", "n", "a", "r", "o", "w", "s", "l", "d", "c", "m", "é", "日"));
        int n = pieces.size();
        float[] scores = new float[n];
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            types[i] = i == 0 ? 2 : i < 3 ? 3 : i < 259 ? 6 : 1;
            scores[i] = i < 259 ? 0 : -(i - 259);
        }
        GgufMetadata spm = GgufFile.read(ByteBuffer.wrap(new dev.atelier.text.gguf.GgufWriter()
                .putString("tokenizer.ggml.model", "llama")
                .put("tokenizer.ggml.tokens", dev.atelier.text.gguf.GgufValue.stringArray(pieces.toArray(String[]::new)))
                .put("tokenizer.ggml.scores", dev.atelier.text.gguf.GgufValue.float32Array(scores))
                .put("tokenizer.ggml.token_type", dev.atelier.text.gguf.GgufValue.int32Array(types))
                .putUInt32("tokenizer.ggml.bos_token_id", 1).putUInt32("tokenizer.ggml.eos_token_id", 2).toByteArray()), "spm.gguf").metadata();
        checkSentencePiece("tiny-spm", spm, texts());
    }

    /** The same with Llama 2's real vocabulary (../shared/data), on the tokenizer tests' texts. */
    @Test
    void llama2VocabularyRoundTrip() throws IOException {
        Path vocab = dev.atelier.text.SharedTestData.require("tokenizers/vocab-llama-spm.gguf");
        List<String> texts = new ArrayList<>(texts());
        texts.addAll(List.of(Files.readString(vocab.resolveSibling("vocab-llama-spm.gguf.inp")).split("\n__ggml_vocab_test__\n")));
        checkSentencePiece("llama2-spm", GgufFile.open(vocab).metadata(), texts);
    }

    private void checkSentencePiece(String name, GgufMetadata spm, List<String> texts) throws IOException {
        int vocab = spm.getStringArray("tokenizer.ggml.tokens").length;
        HfFolder f = HfFolder.llama(tmp.resolve(name), "MistralForCausalLM", HIDDEN, 1, HEADS, KV_HEADS, FFN, vocab, false, true, null);
        Files.writeString(f.dir.resolve("tokenizer.json"), dev.atelier.text.tokenizer.LlamaTokenizerJsonAccess.llamaTokenizerJson(spm));
        Files.writeString(f.dir.resolve("tokenizer_config.json"), "{\"add_bos_token\":true,\"bos_token\":\"<s>\",\"eos_token\":\"</s>\"}");
        Path out = tmp.resolve(name + ".gguf");
        HfToGgufConverter.builder().setType(FileType.Q8_0).build().convert(f.dir, out);
        GgufMetadata md = GgufFile.open(out).metadata();
        assertEquals("llama", md.getString("tokenizer.ggml.model"));
        assertTrue(md.getBoolean("tokenizer.ggml.add_space_prefix"));
        assertTrue(md.getBoolean("tokenizer.ggml.add_bos_token"));
        assertArrayEquals(spm.getStringArray("tokenizer.ggml.tokens"), md.getStringArray("tokenizer.ggml.tokens"));
        int[] expectedTypes = spm.getIntArray("tokenizer.ggml.token_type");
        int[] gotTypes = md.getIntArray("tokenizer.ggml.token_type");
        for (int i = 0; i < expectedTypes.length; i++) {
            // transformers' tokenizer.json cannot tell user-defined pieces from normal ones: both normal here.
            assertEquals(expectedTypes[i] == 4 ? 1 : expectedTypes[i], gotTypes[i], "type of " + i);
        }
        Tokenizer original = Tokenizers.fromGguf(spm);
        Tokenizer converted = Tokenizers.fromGguf(md);
        NativeRuntime.configure();
        try (HuggingFaceTokenizer reference = HuggingFaceTokenizer.builder().optTokenizerPath(f.dir.resolve("tokenizer.json"))
                .optAddSpecialTokens(false).optTruncation(false).optPadding(false).build()) {
            for (String text : texts) {
                int[] ours = converted.encode(text, true, false);
                assertArrayEquals(original.encode(text, true, false), ours, name + ": " + text);
                long[] ref = reference.encode(text, false, false).getIds();
                int[] expected = new int[ref.length];
                for (int i = 0; i < ref.length; i++) {
                    expected[i] = (int) ref[i];
                }
                assertArrayEquals(expected, ours, name + " vs Hugging Face: " + text);
            }
        }
    }

    /** Varied text: words, digits, punctuation, whitespace runs, accents, CJK, emoji, and random mixes. */
    static List<String> texts() {
        List<String> t = new ArrayList<>(List.of("", " ", "hello world", "Hello World!", "the rain in spain", "  leading spaces",
                "trailing spaces   ", "tabs\tand\nnewlines\r\n", "numbers 1 12 123 1234 12345", "3.14159 and -42",
                "don't you're we'll I'm they've she'd IT'S", "naïve café résumé Straße", "東京 and Москва", "emoji 😀🦙👍🏽 ok",
                "👨‍👩‍👧‍👦 family", "a\u0308 combining", "<|endoftext|> is text here", "mixed123abc!!!???", "\n\n\n", "   \t  \n  x"));
        String[] parts = {"the", " quick", " brown", "fox", " 42", "7", "!", "?", " ", "  ", "\n", "\t", "é", "日本", "😀", "'s", "'LL",
            "...", "—", "x²", "don", "naïve", " résumé", "\r\n", "0", "1000000", "$", "%", "@home", "#tag"};
        Random r = new Random(99);
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(12);
            for (int k = 0; k < n; k++) {
                sb.append(parts[r.nextInt(parts.length)]);
            }
            t.add(sb.toString());
        }
        return t;
    }
}
