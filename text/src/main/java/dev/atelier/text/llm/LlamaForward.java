package dev.atelier.text.llm;

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
 * All rows of a call go through each matrix together (prefill, and a batched decode step over
 * several sequences, are matrix-matrix work); attention is per sequence.
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
    public float[] forward(int[] tokens, Batch batch, boolean allLogits, Parallel parallel) {
        final int n = batch.rows;
        final int dim = c.embeddingLength();
        final int qDim = c.queryDim();
        final int kvDim = c.kvDim();
        final int ffn = c.feedForwardLength();
        batch.reserve();

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
            angles[t] = rope.angles(batch.positionOf[t]);
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
            batch.store(k, kvDim, true, l);
            batch.store(v, kvDim, false, l);
            batch.attention(q, l, c, att, parallel);
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
        batch.advance();

        int[] out = batch.outputRows(allLogits);
        float[] last = Batch.gather(x, out, dim);
        float[] normed = new float[last.length];
        Ops.rmsNorm(last, w.outputNorm(), c.normEpsilon(), normed, out.length, dim);
        float[] logits = new float[out.length * c.vocabularySize()];
        w.output().multiply(normed, out.length, logits, parallel);
        return logits;
    }
}
