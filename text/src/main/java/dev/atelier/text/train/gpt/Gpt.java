package dev.atelier.text.train.gpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import dev.atelier.core.error.AtelierException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A GPT-2 language model on DJL NDArrays (PyTorch engine), in the mould of nanoGPT's {@code GPT}:
 * token and learned position embeddings, pre-LayerNorm blocks of causal self-attention and a GELU
 * MLP, a final LayerNorm, and an LM head that reuses the token embedding (weight tying).
 *
 * <p>Parameters live in a {@link ParameterStore} under GGUF names. Every op puts the per-batch
 * array first, so its results belong to the batch's NDManager and are freed with it (DJL assigns
 * a result to its first operand's manager).
 */
public final class Gpt {
    /** Added to attention scores of future positions; exp() of it is 0 in float32. */
    static final float MASKED = -1e9f;

    private final GptConfig config;
    private final ParameterStore params;
    private final NDArray tokenEmbedding;
    private final NDArray positionEmbedding;
    private final List<Block> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;

    /** A fresh model, initialised as nanoGPT does, its parameters drawn from {@code seed}. */
    public Gpt(GptConfig config, NDManager manager, long seed) {
        this.config = config;
        this.params = new ParameterStore(manager, seed);
        this.tokenEmbedding = params.normal("token_embd.weight", 0.02f, config.vocabularySize(), config.width());
        this.positionEmbedding = params.normal("position_embd.weight", 0.02f, config.contextLength(), config.width());
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(new Block(params, i, config));
        }
        this.finalNorm = new LayerNorm(params, "output_norm", config.width(), config.bias());
    }

    public GptConfig config() {
        return config;
    }

    /** Every parameter by GGUF name, in a fixed order. */
    public Map<String, NDArray> parameters() {
        return params.arrays();
    }

    /** Marks every parameter as trainable (gradients collected by a GradientCollector). */
    public void requireGradients() {
        params.arrays().values().forEach(a -> a.setRequiresGradient(true));
    }

    /** Replaces every parameter's values; the names and shapes must match exactly. */
    public void load(Map<String, float[]> values) {
        for (Map.Entry<String, NDArray> e : params.arrays().entrySet()) {
            float[] v = values.get(e.getKey());
            if (v == null) {
                throw AtelierException.invalidArgument("model", "tensor " + e.getKey() + " is missing");
            }
            if (v.length != e.getValue().size()) {
                throw AtelierException.invalidArgument("model", "tensor " + e.getKey() + " has " + v.length
                        + " values, the model needs " + e.getValue().getShape() + " = " + e.getValue().size());
            }
            copyInto(e.getValue(), v);
        }
    }

    /**
     * Overwrites {@code target} in place with {@code values}, keeping its PyTorch-owned storage
     * (NDArray.set would make it point at a Java buffer instead).
     */
    public static void copyInto(NDArray target, float[] values) {
        try (NDManager scratch = target.getManager().newSubManager()) {
            NDArray source = scratch.create(values, target.getShape());
            target.muli(0f).addi(source); // target holds finite values (fresh init or zeros) here
        }
    }

    /**
     * Logits [B, T, vocabulary] for token ids {@code tokens} [B, T] (int64, T ≤ context length).
     * {@code training} turns dropout on.
     */
    public NDArray forward(NDArray tokens, boolean training) {
        long t = tokens.getShape().get(1);
        if (t > config.contextLength()) {
            throw AtelierException.invalidArgument("tokens", t + " tokens exceed the context of " + config.contextLength());
        }
        NDManager batch = tokens.getManager();
        NDArray positions = batch.arange(0, (int) t, 1, DataType.INT64);
        NDArray x = embed(tokens, tokenEmbedding).add(embed(positions, positionEmbedding));
        x = dropout(x, config.dropout(), training);
        NDArray mask = causalMask(batch, t);
        for (Block block : blocks) {
            x = block.forward(x, mask, training);
        }
        x = finalNorm.forward(x);
        // The LM head is the token embedding, transposed: logits = x · Eᵀ.
        return x.getNDArrayInternal().linear(x, tokenEmbedding, null).singletonOrThrow();
    }

    /** Mean cross-entropy (nats per token) of predicting {@code targets} [B, T] from {@code tokens} [B, T]. */
    public NDArray loss(NDArray tokens, NDArray targets, boolean training) {
        return crossEntropy(forward(tokens, training), targets).mean();
    }

    /** Per-position cross-entropy [B, T] in nats. */
    public static NDArray crossEntropy(NDArray logits, NDArray targets) {
        NDArray logProbs = logits.logSoftmax(-1);
        return logProbs.gather(targets.expandDims(-1), -1).squeeze(-1).neg();
    }

    private static NDArray embed(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    static NDArray dropout(NDArray x, float rate, boolean training) {
        if (!training || rate == 0f) {
            return x;
        }
        return x.getNDArrayInternal().dropout(x, rate, true).singletonOrThrow();
    }

    private static NDArray causalMask(NDManager manager, long t) {
        int n = Math.toIntExact(t);
        float[] m = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                m[i * n + j] = MASKED;
            }
        }
        return manager.create(m, new Shape(n, n));
    }
}
