package dev.atelier.text.train.gpt;

import ai.djl.ndarray.NDArray;

/** A pre-LayerNorm transformer block: x + attn(ln1(x)), then x + mlp(ln2(x)), dropout on each branch. */
final class Block {
    private final LayerNorm attentionNorm;
    private final CausalSelfAttention attention;
    private final LayerNorm mlpNorm;
    private final Mlp mlp;
    private final float dropout;

    Block(ParameterStore params, int index, GptConfig config) {
        String prefix = "blk." + index;
        // nanoGPT: projections into the residual stream start smaller, by 1/√(2·layers).
        float residualStd = (float) (0.02 / Math.sqrt(2.0 * config.layers()));
        this.attentionNorm = new LayerNorm(params, prefix + ".attn_norm", config.width(), config.bias());
        this.attention = new CausalSelfAttention(params, prefix, config, residualStd);
        this.mlpNorm = new LayerNorm(params, prefix + ".ffn_norm", config.width(), config.bias());
        this.mlp = new Mlp(params, prefix, config, residualStd);
        this.dropout = config.dropout();
    }

    NDArray forward(NDArray x, NDArray mask, boolean training) {
        x = x.add(Gpt.dropout(attention.forward(attentionNorm.forward(x), mask), dropout, training));
        return x.add(Gpt.dropout(mlp.forward(mlpNorm.forward(x)), dropout, training));
    }
}
