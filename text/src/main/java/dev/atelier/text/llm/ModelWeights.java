package dev.atelier.text.llm;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.Progress;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufTensorInfo;
import dev.atelier.text.kernel.WeightMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * All weights of a model, loaded from GGUF tensors named as llama.cpp names them
 * ({@code token_embd}, {@code blk.N.attn_q}, …). Matrices are repacked once for the kernels;
 * vectors (norms, biases, RoPE factors) are small float arrays. An absent {@code output} means the
 * output projection is tied to the token embedding (the same object, not a copy).
 *
 * @param ropeFrequencyFactors Llama 3 RoPE scaling: per rotated pair, the divisor of its frequency
 *     ({@code rope_freqs.weight}); null when the model has none
 */
public record ModelWeights(WeightMatrix tokenEmbedding, WeightMatrix positionEmbedding, List<LayerWeights> layers,
        float[] outputNorm, float[] outputNormBias, WeightMatrix output, float[] ropeFrequencyFactors) {

    /** Bytes the kernels read to produce one token (every matrix once; embeddings only one row). */
    public long bytesPerToken() {
        long n = output.bytes();
        for (LayerWeights l : layers) {
            for (WeightMatrix m : new WeightMatrix[] {l.wq(), l.wk(), l.wv(), l.wqkv(), l.wo(), l.ffnGate(), l.ffnUp(), l.ffnDown()}) {
                n += m == null ? 0 : m.bytes();
            }
        }
        return n;
    }

    /** Loads and checks every tensor {@code config} calls for. */
    public static ModelWeights load(GgufFile file, ModelConfig c) {
        return load(file, c, null);
    }

    /** As {@link #load(GgufFile, ModelConfig)}, stepping {@code progress} by the bytes of each matrix loaded. */
    public static ModelWeights load(GgufFile file, ModelConfig c, Progress progress) {
        Loader in = new Loader(file, c, progress);
        int dim = c.embeddingLength();
        WeightMatrix embd = in.matrix("token_embd.weight", c.vocabularySize(), dim);
        WeightMatrix pos = c.architecture() == Architecture.GPT2 ? in.matrix("position_embd.weight", -1, dim) : null;
        if (pos != null && pos.rows() < c.contextLength()) {
            throw file.metadata().problem("position_embd has " + pos.rows() + " positions, context_length is " + c.contextLength());
        }
        List<LayerWeights> layers = new ArrayList<>(c.blockCount());
        boolean gpt2 = c.architecture() == Architecture.GPT2;
        boolean qkvBias = c.architecture() == Architecture.QWEN2;
        for (int i = 0; i < c.blockCount(); i++) {
            String b = "blk." + i + ".";
            if (gpt2) {
                layers.add(new LayerWeights(
                        in.vector(b + "attn_norm.weight", dim), in.vector(b + "attn_norm.bias", dim),
                        null, null, null, null, null, null,
                        in.matrix(b + "attn_qkv.weight", 3 * dim, dim), in.vector(b + "attn_qkv.bias", 3 * dim),
                        in.matrix(b + "attn_output.weight", dim, dim), in.vector(b + "attn_output.bias", dim),
                        in.vector(b + "ffn_norm.weight", dim), in.vector(b + "ffn_norm.bias", dim),
                        null, in.matrix(b + "ffn_up.weight", c.feedForwardLength(), dim), in.vector(b + "ffn_up.bias", c.feedForwardLength()),
                        in.matrix(b + "ffn_down.weight", dim, c.feedForwardLength()), in.vector(b + "ffn_down.bias", dim)));
            } else {
                layers.add(new LayerWeights(
                        in.vector(b + "attn_norm.weight", dim), null,
                        in.matrix(b + "attn_q.weight", c.queryDim(), dim),
                        in.matrix(b + "attn_k.weight", c.kvDim(), dim),
                        in.matrix(b + "attn_v.weight", c.kvDim(), dim),
                        qkvBias ? in.vector(b + "attn_q.bias", c.queryDim()) : in.optVector(b + "attn_q.bias", c.queryDim()),
                        qkvBias ? in.vector(b + "attn_k.bias", c.kvDim()) : in.optVector(b + "attn_k.bias", c.kvDim()),
                        qkvBias ? in.vector(b + "attn_v.bias", c.kvDim()) : in.optVector(b + "attn_v.bias", c.kvDim()),
                        null, null,
                        in.matrix(b + "attn_output.weight", dim, c.queryDim()), in.optVector(b + "attn_output.bias", dim),
                        in.vector(b + "ffn_norm.weight", dim), null,
                        in.matrix(b + "ffn_gate.weight", c.feedForwardLength(), dim),
                        in.matrix(b + "ffn_up.weight", c.feedForwardLength(), dim), null,
                        in.matrix(b + "ffn_down.weight", dim, c.feedForwardLength()), null));
            }
        }
        float[] outNorm = in.vector("output_norm.weight", dim);
        float[] outNormBias = gpt2 ? in.vector("output_norm.bias", dim) : null;
        WeightMatrix output = file.tensor("output.weight").isPresent() ? in.matrix("output.weight", c.vocabularySize(), dim) : embd;
        float[] ropeFactors = gpt2 ? null : in.optVector("rope_freqs.weight", c.ropeDimensions() / 2);
        return new ModelWeights(embd, pos, List.copyOf(layers), outNorm, outNormBias, output, ropeFactors);
    }

    private record Loader(GgufFile file, ModelConfig config, Progress progress) {

        WeightMatrix matrix(String name, int rows, int cols) {
            WeightMatrix m = checkedMatrix(name, rows, cols);
            if (progress != null) {
                progress.step(file.requireTensor(name).byteSize());
            }
            return m;
        }

        private WeightMatrix checkedMatrix(String name, int rows, int cols) {
            GgufTensorInfo t = file.requireTensor(name);
            if (t.dim(0) != cols || (rows >= 0 && t.dim(1) != rows) || t.dim(2) != 1 || t.dim(3) != 1) {
                throw file.metadata().problem("tensor " + name + " has shape " + java.util.Arrays.toString(t.shape())
                        + ", expected [" + cols + ", " + (rows >= 0 ? rows : "n") + "]");
            }
            return WeightMatrix.load(file, t);
        }

        float[] vector(String name, int n) {
            return optVector(name, n, true);
        }

        float[] optVector(String name, int n) {
            return optVector(name, n, false);
        }

        private float[] optVector(String name, int n, boolean required) {
            Optional<GgufTensorInfo> t = required ? Optional.of(file.requireTensor(name)) : file.tensor(name);
            if (t.isEmpty()) {
                return null;
            }
            if (t.get().elementCount() != n) {
                throw file.metadata().problem("tensor " + name + " has " + t.get().elementCount() + " values, expected " + n);
            }
            if (!t.get().type().canDequantize()) {
                throw AtelierException.unavailable("tensor " + name + " has type " + t.get().type() + ", which cannot be read");
            }
            return file.readFloats(t.get());
        }
    }
}
