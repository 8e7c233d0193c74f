package dev.atelier.text.llm;

import dev.atelier.text.kernel.WeightMatrix;

/**
 * The weights of one transformer block. Which fields are set depends on the architecture: Llama
 * has no biases and a gated MLP; Qwen2 adds Q/K/V biases; GPT-2 has a fused QKV projection,
 * LayerNorm biases, biases everywhere and an ungated MLP. Absent parts are null.
 */
public record LayerWeights(
        float[] attnNorm, float[] attnNormBias,
        WeightMatrix wq, WeightMatrix wk, WeightMatrix wv, float[] bq, float[] bk, float[] bv,
        WeightMatrix wqkv, float[] bqkv,
        WeightMatrix wo, float[] bo,
        float[] ffnNorm, float[] ffnNormBias,
        WeightMatrix ffnGate, WeightMatrix ffnUp, float[] ffnUpBias, WeightMatrix ffnDown, float[] ffnDownBias) {
}
