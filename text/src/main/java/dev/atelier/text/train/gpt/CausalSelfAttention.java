package dev.atelier.text.train.gpt;

import dev.atelier.core.runtime.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Multi-head causal self-attention: one fused linear gives q, k and v (in that order along the
 * output, as GPT-2's c_attn and GGUF's attn_qkv), each head attends to earlier positions only,
 * softmax(q kᵀ / √d + mask) v, and an output projection mixes the heads.
 */
final class CausalSelfAttention {
    private final GptConfig config;
    private final Linear qkv;
    private final Linear output;

    CausalSelfAttention(ParameterStore params, String prefix, GptConfig config, float residualStd) {
        this.config = config;
        this.qkv = new Linear(params, prefix + ".attn_qkv", config.width(), 3 * config.width(), 0.02f, config.bias());
        this.output = new Linear(params, prefix + ".attn_output", config.width(), config.width(), residualStd, config.bias());
    }

    /** {@code x} [B, T, C]; {@code mask} [T, T] with 0 on and below the diagonal and a large negative above. */
    NDArray forward(NDArray x, NDArray mask) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int h = config.heads();
        int d = config.headSize();
        NDList qkvParts = qkv.forward(x).split(3, 2);
        // [B, T, C] -> [B, H, T, D]
        NDArray q = qkvParts.get(0).reshape(b, t, h, d).transpose(0, 2, 1, 3);
        NDArray k = qkvParts.get(1).reshape(b, t, h, d).transpose(0, 2, 1, 3);
        NDArray v = qkvParts.get(2).reshape(b, t, h, d).transpose(0, 2, 1, 3);
        NDArray scores = Scalars.mul(q.matMul(k.transpose(0, 1, 3, 2)), 1.0f / (float) Math.sqrt(d)).add(mask);
        NDArray y = scores.softmax(-1).matMul(v);
        // [B, H, T, D] -> [B, T, C]
        return output.forward(y.transpose(0, 2, 1, 3).reshape(b, t, config.width()));
    }
}
