package dev.atelier.text.llm;

import dev.atelier.core.error.AtelierException;
import dev.atelier.text.gguf.GgufValue;
import dev.atelier.text.gguf.GgufValueType;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.tensor.GgmlType;
import dev.atelier.text.tensor.Quantize;
import dev.atelier.text.tokenizer.ByteLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Test fixture: writes small GGUF models of a given architecture and shape with random weights for
 * the engine's correctness tests, and hands back the float weights they were made from, so that the
 * DJL oracle can run the same model. (Benchmarks of real shapes use the streaming
 * {@link dev.atelier.text.bench.RandomModels}, which cannot keep the weights in memory.) Weights
 * are scaled by fan-in so that activations of these tiny shapes neither vanish nor explode.
 * Matrices are stored in the chosen type; norms, biases and RoPE factors in F32. Q4_K and Q6_K
 * matrices are random blocks (random quants and scales), the others are random floats quantized
 * with {@link Quantize}. Optionally adds a small byte-level BPE tokenizer (256 byte tokens, a few
 * merges, {@code <|endoftext|>}, {@code <|im_start|>}, {@code <|im_end|>}, unused fillers up to
 * the vocabulary size) and a ChatML chat template.
 */
public final class RandomModelWriter {

    /**
     * The shape of a model.
     *
     * @param tiedOutput no {@code output.weight}: logits come from the token embedding
     * @param ropeFactors add a {@code rope_freqs.weight} tensor (Llama 3 RoPE scaling)
     */
    public record Shape(Architecture architecture, int dim, int blocks, int heads, int kvHeads, int ffn, int vocab,
            int context, boolean tiedOutput, boolean ropeFactors) {
    }

    private final Shape shape;
    private final GgmlType type;
    private final SplittableRandom random;
    private final boolean tokenizer;
    private final Map<String, float[]> originals;
    private final GgufWriter w = new GgufWriter();

    private RandomModelWriter(Shape shape, GgmlType type, long seed, boolean tokenizer, boolean keepOriginals) {
        this.shape = shape;
        this.type = type;
        this.random = new SplittableRandom(seed);
        this.tokenizer = tokenizer;
        this.originals = keepOriginals ? new LinkedHashMap<>() : null;
    }

    /**
     * Writes a random model to {@code out}. With {@code keepOriginals}, returns the float values
     * every tensor was made from before quantization (empty for Q4_K/Q6_K tensors, which are
     * random blocks); else an empty map.
     */
    public static Map<String, float[]> write(Shape shape, GgmlType type, long seed, boolean withTokenizer,
            boolean keepOriginals, Path out) {
        if (!Quantize.canQuantize(type) && type != GgmlType.Q4_K && type != GgmlType.Q6_K) {
            throw AtelierException.invalidArgument("type", "random models come in F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q4_K or Q6_K, not " + type);
        }
        RandomModelWriter m = new RandomModelWriter(shape, type, seed, withTokenizer, keepOriginals);
        m.build();
        try {
            m.w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m.originals == null ? Map.of() : m.originals;
    }

    private void build() {
        Shape s = shape;
        Architecture a = s.architecture();
        String p = a.ggufName() + ".";
        int headDim = s.dim() / s.heads();
        w.putString("general.architecture", a.ggufName());
        w.putString("general.name", "random-" + a.ggufName() + "-" + s.dim() + "x" + s.blocks());
        w.putUInt32(p + "context_length", s.context());
        w.putUInt32(p + "embedding_length", s.dim());
        w.putUInt32(p + "block_count", s.blocks());
        w.putUInt32(p + "feed_forward_length", s.ffn());
        w.putUInt32(p + "attention.head_count", s.heads());
        w.putUInt32(p + "attention.head_count_kv", s.kvHeads());
        if (a == Architecture.GPT2) {
            w.putFloat32(p + "attention.layer_norm_epsilon", 1e-5f);
        } else {
            w.putFloat32(p + "attention.layer_norm_rms_epsilon", 1e-5f);
            w.putFloat32(p + "rope.freq_base", a == Architecture.QWEN2 ? 1_000_000f : 500_000f);
            w.putUInt32(p + "rope.dimension_count", headDim);
        }
        if (tokenizer) {
            addTokenizer();
        }
        int dim = s.dim();
        int kv = s.kvHeads() * headDim;
        matrix("token_embd.weight", s.vocab(), dim, 1f);
        if (a == Architecture.GPT2) {
            matrix("position_embd.weight", s.context(), dim, 0.5f);
        }
        if (s.ropeFactors() && a != Architecture.GPT2) {
            float[] f = new float[headDim / 2];
            for (int i = 0; i < f.length; i++) {
                f[i] = 1f + 7f * random.nextFloat();
            }
            vector("rope_freqs.weight", f);
        }
        for (int i = 0; i < s.blocks(); i++) {
            String b = "blk." + i + ".";
            vector(b + "attn_norm.weight", around(dim, 1f, 0.2f));
            if (a == Architecture.GPT2) {
                vector(b + "attn_norm.bias", around(dim, 0f, 0.1f));
                matrix(b + "attn_qkv.weight", 3 * dim, dim, gain(dim));
                vector(b + "attn_qkv.bias", around(3 * dim, 0f, 0.1f));
                matrix(b + "attn_output.weight", dim, dim, gain(dim));
                vector(b + "attn_output.bias", around(dim, 0f, 0.1f));
                vector(b + "ffn_norm.weight", around(dim, 1f, 0.2f));
                vector(b + "ffn_norm.bias", around(dim, 0f, 0.1f));
                matrix(b + "ffn_up.weight", s.ffn(), dim, gain(dim));
                vector(b + "ffn_up.bias", around(s.ffn(), 0f, 0.1f));
                matrix(b + "ffn_down.weight", dim, s.ffn(), gain(s.ffn()));
                vector(b + "ffn_down.bias", around(dim, 0f, 0.1f));
            } else {
                matrix(b + "attn_q.weight", dim, dim, gain(dim));
                matrix(b + "attn_k.weight", kv, dim, gain(dim));
                matrix(b + "attn_v.weight", kv, dim, gain(dim));
                if (a == Architecture.QWEN2) {
                    vector(b + "attn_q.bias", around(dim, 0f, 0.2f));
                    vector(b + "attn_k.bias", around(kv, 0f, 0.2f));
                    vector(b + "attn_v.bias", around(kv, 0f, 0.2f));
                }
                matrix(b + "attn_output.weight", dim, dim, gain(dim));
                vector(b + "ffn_norm.weight", around(dim, 1f, 0.2f));
                matrix(b + "ffn_gate.weight", s.ffn(), dim, gain(dim));
                matrix(b + "ffn_up.weight", s.ffn(), dim, gain(dim));
                matrix(b + "ffn_down.weight", dim, s.ffn(), gain(s.ffn()));
            }
        }
        vector("output_norm.weight", around(dim, 1f, 0.2f));
        if (a == Architecture.GPT2) {
            vector("output_norm.bias", around(dim, 0f, 0.1f));
        }
        if (!s.tiedOutput()) {
            matrix("output.weight", s.vocab(), dim, gain(dim));
        }
    }

    // Uniform weights with the variance of N(0, 1/fanIn) times 1.5, so activations neither vanish nor explode.
    private static float gain(int fanIn) {
        return (float) (1.5 * Math.sqrt(3.0 / fanIn));
    }

    private float[] around(int n, float center, float spread) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = center + spread * (2 * random.nextFloat() - 1);
        }
        return v;
    }

    private void vector(String name, float[] v) {
        w.addTensor(name, GgmlType.F32, new long[] {v.length}, v);
        if (originals != null) {
            originals.put(name, v);
        }
    }

    private void matrix(String name, int rows, int cols, float amplitude) {
        long[] dims = {cols, rows};
        if (type == GgmlType.Q4_K || type == GgmlType.Q6_K) {
            w.addTensor(name, type, dims, ByteBuffer.wrap(randomKBlocks((long) rows * cols, amplitude)));
            return;
        }
        float[] v = new float[Math.toIntExact((long) rows * cols)];
        for (int i = 0; i < v.length; i++) {
            v[i] = amplitude * (2 * random.nextFloat() - 1);
        }
        w.addTensor(name, type, dims, v);
        if (originals != null) {
            originals.put(name, v);
        }
    }

    // Random K-quant blocks whose weights spread over about ±amplitude.
    private byte[] randomKBlocks(long count, float amplitude) {
        int blocks = Math.toIntExact(count / 256);
        int size = type.blockBytes();
        byte[] out = new byte[Math.multiplyExact(blocks, size)];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < blocks; i++) {
            int at = i * size;
            for (int j = 0; j < size; j++) {
                out[at + j] = (byte) random.nextInt(256);
            }
            if (type == GgmlType.Q4_K) {
                b.putShort(at, Float.floatToFloat16(amplitude / (63 * 15) * 2));
                b.putShort(at + 2, Float.floatToFloat16(amplitude / 63));
            } else {
                b.putShort(at + 208, Float.floatToFloat16(amplitude / (32 * 128) * 2));
            }
        }
        return out;
    }

    private void addTokenizer() {
        List<String> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(ByteLevel.charOf(b)));
        }
        List<String> merges = new ArrayList<>();
        String space = String.valueOf(ByteLevel.charOf(' '));
        String[] pairs = {"t h", "h e", "i n", "e r", "a n", "r e", "o n", "a t", "e n", "n d", "o u", "e s",
                space + " t", space + " a", space + " s", space + " w", "th e", space + " the", "in g", "l l"};
        for (String pair : pairs) {
            merges.add(pair);
            tokens.add(pair.replace(" ", ""));
        }
        int[] types = new int[shape.vocab()];
        String[] specials = {"<|endoftext|>", "<|im_start|>", "<|im_end|>"};
        int firstSpecial = tokens.size();
        for (String sp : specials) {
            tokens.add(sp);
        }
        if (tokens.size() > shape.vocab()) {
            throw AtelierException.invalidArgument("vocab", "a tokenizer needs a vocabulary of at least " + tokens.size());
        }
        while (tokens.size() < shape.vocab()) {
            tokens.add("<unused_" + tokens.size() + ">");
        }
        for (int i = 0; i < types.length; i++) {
            types[i] = i >= firstSpecial + specials.length ? 5 : i >= firstSpecial ? 3 : 1;
        }
        w.putString("tokenizer.ggml.model", "gpt2");
        w.putString("tokenizer.ggml.pre", "gpt-2");
        w.put("tokenizer.ggml.tokens", GgufValue.stringArray(tokens.toArray(String[]::new)));
        w.put("tokenizer.ggml.token_type", GgufValue.int32Array(types));
        w.put("tokenizer.ggml.merges", GgufValue.array(GgufValueType.STRING, merges.toArray(String[]::new)));
        w.putUInt32("tokenizer.ggml.bos_token_id", firstSpecial);
        w.putUInt32("tokenizer.ggml.eos_token_id", firstSpecial);
        w.putString("tokenizer.chat_template", "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n'"
                + " + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}");
    }
}
