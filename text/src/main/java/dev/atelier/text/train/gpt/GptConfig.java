package dev.atelier.text.train.gpt;

import dev.atelier.core.error.AtelierException;

/**
 * The shape of a GPT-2-style model, as in nanoGPT's {@code GPTConfig}.
 *
 * @param vocabularySize token ids 0..vocabularySize-1
 * @param contextLength  the longest sequence the learned position embeddings cover
 * @param layers         transformer blocks
 * @param heads          attention heads per block; {@code width} must be a multiple
 * @param width          embedding width (d_model); the MLP is 4 × wider
 * @param dropout        dropout rate on the embeddings, attention output and MLP output while training
 * @param bias           whether linear layers and LayerNorms have biases (GPT-2 has them)
 */
public record GptConfig(int vocabularySize, int contextLength, int layers, int heads, int width,
                        float dropout, boolean bias) {
    /** LayerNorm epsilon, as GPT-2 (and the GGUF {@code gpt2.attention.layer_norm_epsilon}). */
    public static final float LAYER_NORM_EPS = 1e-5f;
    /** Refused above this size rather than running out of memory part-way. */
    public static final long MAX_PARAMETERS = 2_000_000_000L;

    public GptConfig {
        check("vocabularySize", vocabularySize, 2, 1 << 20);
        check("contextLength", contextLength, 1, 1 << 16);
        check("layers", layers, 1, 1024);
        check("heads", heads, 1, 1024);
        check("width", width, 1, 1 << 16);
        if (width % heads != 0) {
            throw AtelierException.invalidArgument("heads", "width " + width + " is not a multiple of heads " + heads);
        }
        long largest = Math.max((long) vocabularySize * width, 4L * width * width);
        long total = (long) vocabularySize * width + (long) contextLength * width + 12L * layers * width * width;
        if (largest > Integer.MAX_VALUE || total > MAX_PARAMETERS) {
            throw AtelierException.invalidArgument("width", "a model of about " + total + " parameters is larger than the "
                    + MAX_PARAMETERS + " this trainer handles (each tensor is copied through a Java array)");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw AtelierException.invalidArgument("dropout", "dropout " + dropout + " is not in [0, 1)");
        }
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw AtelierException.invalidArgument(name, name + " " + value + " is outside " + min + ".." + max);
        }
    }

    public int headSize() {
        return width / heads;
    }

    public int feedForwardWidth() {
        return 4 * width;
    }

    /** The number of trained numbers: embeddings, blocks and the final LayerNorm (the head is tied). */
    public long parameterCount() {
        long c = width;
        long perBlock = 2 * (c + (bias ? c : 0))          // two LayerNorms
                + 3 * c * c + (bias ? 3 * c : 0)            // qkv
                + c * c + (bias ? c : 0)                    // attention output
                + 4 * c * c + (bias ? 4 * c : 0)            // MLP up
                + 4 * c * c + (bias ? c : 0);               // MLP down
        return (long) vocabularySize * c + (long) contextLength * c + layers * perBlock + c + (bias ? c : 0);
    }

    /** The same shape with another dropout (e.g. 0 for evaluation). */
    public GptConfig withDropout(float rate) {
        return new GptConfig(vocabularySize, contextLength, layers, heads, width, rate, bias);
    }
}
