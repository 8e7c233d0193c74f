package dev.atelier.text.llm;

import dev.atelier.text.kernel.Parallel;

/**
 * The forward pass of GPT-2:
 *
 * <pre>
 *   x = embed(tokens) + embed_position(positions)
 *   per block:  h = layernorm(x)
 *               q | k | v = h·Wqkv + bqkv;  cache k, v
 *               x += attention(q, K, V)·Wo + bo
 *               h = layernorm(x)
 *               x += gelu(h·Wup + bup)·Wdown + bdown
 *   logits = layernorm(x) · Wout   (Wout is the token embedding when the file has no output)
 * </pre>
 */
final class Gpt2Forward implements Forward {

    private final ModelConfig c;
    private final ModelWeights w;

    Gpt2Forward(ModelConfig config, ModelWeights weights) {
        this.c = config;
        this.w = weights;
    }

    @Override
    public float[] forward(int[] tokens, Batch batch, boolean allLogits, Parallel parallel) {
        final int n = batch.rows;
        final int dim = c.embeddingLength();
        final int ffn = c.feedForwardLength();
        batch.reserve();

        float[] x = new float[n * dim];
        float[] pos = new float[dim];
        for (int t = 0; t < n; t++) {
            w.tokenEmbedding().row(tokens[t], x, t * dim);
            w.positionEmbedding().row(batch.positionOf[t], pos, 0);
            for (int i = 0; i < dim; i++) {
                x[t * dim + i] += pos[i];
            }
        }
        float[] h = new float[n * dim];
        float[] qkv = new float[n * 3 * dim];
        float[] q = new float[n * dim];
        float[] k = new float[n * dim];
        float[] v = new float[n * dim];
        float[] att = new float[n * dim];
        float[] up = new float[n * ffn];

        for (int l = 0; l < c.blockCount(); l++) {
            LayerWeights lw = w.layers().get(l);
            Ops.layerNorm(x, lw.attnNorm(), lw.attnNormBias(), c.normEpsilon(), h, n, dim);
            lw.wqkv().multiply(h, n, qkv, parallel);
            Ops.addBias(qkv, lw.bqkv(), n, 3 * dim);
            for (int t = 0; t < n; t++) {
                System.arraycopy(qkv, t * 3 * dim, q, t * dim, dim);
                System.arraycopy(qkv, t * 3 * dim + dim, k, t * dim, dim);
                System.arraycopy(qkv, t * 3 * dim + 2 * dim, v, t * dim, dim);
            }
            batch.store(k, dim, true, l);
            batch.store(v, dim, false, l);
            batch.attention(q, l, c, att, parallel);
            lw.wo().multiply(att, n, h, parallel);
            Ops.addBias(h, lw.bo(), n, dim);
            Ops.addInPlace(x, h, n * dim);

            Ops.layerNorm(x, lw.ffnNorm(), lw.ffnNormBias(), c.normEpsilon(), h, n, dim);
            lw.ffnUp().multiply(h, n, up, parallel);
            Ops.addBias(up, lw.ffnUpBias(), n, ffn);
            Ops.gelu(up, n * ffn);
            lw.ffnDown().multiply(up, n, h, parallel);
            Ops.addBias(h, lw.ffnDownBias(), n, dim);
            Ops.addInPlace(x, h, n * dim);
        }
        batch.advance();

        int[] out = batch.outputRows(allLogits);
        float[] last = Batch.gather(x, out, dim);
        float[] normed = new float[last.length];
        Ops.layerNorm(last, w.outputNorm(), w.outputNormBias(), c.normEpsilon(), normed, out.length, dim);
        float[] logits = new float[out.length * c.vocabularySize()];
        w.output().multiply(normed, out.length, logits, parallel);
        return logits;
    }
}
