package dev.atelier.text.llm;

import dev.atelier.text.kernel.Attention;
import dev.atelier.text.kernel.Parallel;

/**
 * The forward pass of the Llama family (Llama 2/3, Mistral, SmolLM) and of Qwen2, which is the
 * same block with Q/K/V biases and RoPE on head halves:
 *
 * <pre>
 *   x = embed(tokens)
 *   per block:  h = rmsnorm(x)·w_attn_norm
 *               q, k, v = h·Wq (+bq), h·Wk (+bk), h·Wv (+bv);  rope(q), rope(k);  cache k, v
 *               x += attention(q, K, V)·Wo
 *               h = rmsnorm(x)·w_ffn_norm
 *               x += (silu(h·Wgate) ∘ h·Wup)·Wdown
 *   logits = rmsnorm(x)·w_out_norm · Wout
 * </pre>
 *
 * All tokens of a call go through each matrix together (prefill is matrix-matrix work).
 */
final class LlamaForward implements Forward {

    private final ModelConfig c;
    private final ModelWeights w;
    private final Rope rope;

    LlamaForward(ModelConfig config, ModelWeights weights) {
        this.c = config;
        this.w = weights;
        this.rope = new Rope(config, weights.ropeFrequencyFactors());
    }

    @Override
    public float[] forward(int[] tokens, KvCache cache, boolean allLogits, Parallel parallel) {
        final int n = tokens.length;
        final int dim = c.embeddingLength();
        final int qDim = c.queryDim();
        final int kvDim = c.kvDim();
        final int ffn = c.feedForwardLength();
        final int start = cache.length();
        cache.reserve(start + n);

        float[] x = new float[n * dim];
        for (int t = 0; t < n; t++) {
            w.tokenEmbedding().row(tokens[t], x, t * dim);
        }
        float[] h = new float[n * dim];
        float[] q = new float[n * qDim];
        float[] k = new float[n * kvDim];
        float[] v = new float[n * kvDim];
        float[] att = new float[n * qDim];
        float[] gate = new float[n * ffn];
        float[] up = new float[n * ffn];
        float[][] angles = new float[n][];
        for (int t = 0; t < n; t++) {
            angles[t] = rope.angles(start + t);
        }

        for (int l = 0; l < c.blockCount(); l++) {
            LayerWeights lw = w.layers().get(l);
            Ops.rmsNorm(x, lw.attnNorm(), c.normEpsilon(), h, n, dim);
            lw.wq().multiply(h, n, q, parallel);
            lw.wk().multiply(h, n, k, parallel);
            lw.wv().multiply(h, n, v, parallel);
            Ops.addBias(q, lw.bq(), n, qDim);
            Ops.addBias(k, lw.bk(), n, kvDim);
            Ops.addBias(v, lw.bv(), n, kvDim);
            for (int t = 0; t < n; t++) {
                rope.rotate(q, t * qDim, c.headCount(), c.headDim(), angles[t]);
                rope.rotate(k, t * kvDim, c.headCountKv(), c.headDim(), angles[t]);
            }
            System.arraycopy(k, 0, cache.keys(l), start * kvDim, n * kvDim);
            System.arraycopy(v, 0, cache.values(l), start * kvDim, n * kvDim);
            Attention.causal(q, n, start, c.headCount(), c.headCountKv(), c.headDim(), cache.keys(l), cache.values(l), att, parallel);
            lw.wo().multiply(att, n, h, parallel);
            Ops.addBias(h, lw.bo(), n, dim);
            Ops.addInPlace(x, h, n * dim);

            Ops.rmsNorm(x, lw.ffnNorm(), c.normEpsilon(), h, n, dim);
            lw.ffnGate().multiply(h, n, gate, parallel);
            lw.ffnUp().multiply(h, n, up, parallel);
            Ops.swiglu(gate, up, n * ffn);
            lw.ffnDown().multiply(gate, n, h, parallel);
            Ops.addInPlace(x, h, n * dim);
        }
        cache.advance(n);

        int first = allLogits ? 0 : n - 1;
        int rows = n - first;
        float[] last = new float[rows * dim];
        System.arraycopy(x, first * dim, last, 0, rows * dim);
        float[] normed = new float[rows * dim];
        Ops.rmsNorm(last, w.outputNorm(), c.normEpsilon(), normed, rows, dim);
        float[] logits = new float[rows * c.vocabularySize()];
        w.output().multiply(normed, rows, logits, parallel);
        return logits;
    }
}
