package dev.atelier.text.llm;

import dev.atelier.text.kernel.Attention;
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
    public float[] forward(int[] tokens, KvCache cache, boolean allLogits, Parallel parallel) {
        final int n = tokens.length;
        final int dim = c.embeddingLength();
        final int ffn = c.feedForwardLength();
        final int start = cache.length();
        cache.reserve(start + n);

        float[] x = new float[n * dim];
        float[] pos = new float[dim];
        for (int t = 0; t < n; t++) {
            w.tokenEmbedding().row(tokens[t], x, t * dim);
            w.positionEmbedding().row(start + t, pos, 0);
            for (int i = 0; i < dim; i++) {
                x[t * dim + i] += pos[i];
            }
        }
        float[] h = new float[n * dim];
        float[] qkv = new float[n * 3 * dim];
        float[] q = new float[n * dim];
        float[] att = new float[n * dim];
        float[] up = new float[n * ffn];

        for (int l = 0; l < c.blockCount(); l++) {
            LayerWeights lw = w.layers().get(l);
            float[] keys = cache.keys(l);
            float[] values = cache.values(l);
            Ops.layerNorm(x, lw.attnNorm(), lw.attnNormBias(), c.normEpsilon(), h, n, dim);
            lw.wqkv().multiply(h, n, qkv, parallel);
            Ops.addBias(qkv, lw.bqkv(), n, 3 * dim);
            for (int t = 0; t < n; t++) {
                System.arraycopy(qkv, t * 3 * dim, q, t * dim, dim);
                System.arraycopy(qkv, t * 3 * dim + dim, keys, (start + t) * dim, dim);
                System.arraycopy(qkv, t * 3 * dim + 2 * dim, values, (start + t) * dim, dim);
            }
            Attention.causal(q, n, start, c.headCount(), c.headCountKv(), c.headDim(), keys, values, att, parallel);
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
        cache.advance(n);

        int first = allLogits ? 0 : n - 1;
        int rows = n - first;
        float[] last = new float[rows * dim];
        System.arraycopy(x, first * dim, last, 0, rows * dim);
        float[] normed = new float[rows * dim];
        Ops.layerNorm(last, w.outputNorm(), w.outputNormBias(), c.normEpsilon(), normed, rows, dim);
        float[] logits = new float[rows * c.vocabularySize()];
        w.output().multiply(normed, rows, logits, parallel);
        return logits;
    }
}
