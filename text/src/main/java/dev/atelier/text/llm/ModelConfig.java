package dev.atelier.text.llm;

import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufMetadata;
import dev.atelier.text.gguf.GgufTensorInfo;

/**
 * The hyper-parameters of a model, read from its GGUF metadata (never from constants): the keys
 * are {@code <architecture>.<name>}, e.g. {@code llama.embedding_length}.
 *
 * @param architecture the block structure
 * @param embeddingLength width of the residual stream
 * @param blockCount number of transformer blocks
 * @param headCount query heads
 * @param headCountKv key/value heads (fewer than query heads: grouped-query attention)
 * @param headDim width of one head
 * @param feedForwardLength hidden width of the MLP
 * @param vocabularySize rows of the token embedding
 * @param contextLength the longest sequence the model was trained for: the engine's limit
 * @param normEpsilon epsilon of RMSNorm / LayerNorm
 * @param ropeTheta RoPE frequency base
 * @param ropeDimensions how many dimensions of each head RoPE rotates (the first ones)
 * @param ropePositionScale linear RoPE scaling: positions are divided by it (1 = none)
 * @param ropeStyle which dimensions rotate together
 */
public record ModelConfig(Architecture architecture, int embeddingLength, int blockCount, int headCount, int headCountKv,
        int headDim, int feedForwardLength, int vocabularySize, int contextLength, float normEpsilon, float ropeTheta,
        int ropeDimensions, float ropePositionScale, RopeStyle ropeStyle) {

    /** Sizes beyond these are treated as a corrupt file rather than allocated. */
    static final int MAX_WIDTH = 1 << 17;
    static final int MAX_BLOCKS = 1024;
    static final int MAX_VOCAB = 1 << 22;

    public int queryDim() {
        return headCount * headDim;
    }

    public int kvDim() {
        return headCountKv * headDim;
    }

    /** Reads the configuration of {@code file}; a missing key or impossible value is a model-integrity error. */
    public static ModelConfig fromGguf(GgufFile file) {
        GgufMetadata md = file.metadata();
        String archName = md.getString("general.architecture");
        Architecture arch = Architecture.fromGguf(archName).orElseThrow(() -> md.problem("architecture '" + archName
                + "' is not supported (supported: llama, qwen2, gpt2)"));
        String p = arch.ggufName() + ".";
        int dim = md.getInt(p + "embedding_length");
        int blocks = md.getInt(p + "block_count");
        int heads = md.getInt(p + "attention.head_count");
        int kvHeads = md.optInt(p + "attention.head_count_kv").orElse(heads);
        int ffn = md.getInt(p + "feed_forward_length");
        int ctx = md.getInt(p + "context_length");
        check(md, dim > 0 && dim <= MAX_WIDTH, "embedding_length " + dim + " is out of range 1.." + MAX_WIDTH);
        check(md, blocks > 0 && blocks <= MAX_BLOCKS, "block_count " + blocks + " is out of range 1.." + MAX_BLOCKS);
        check(md, heads > 0 && heads <= dim, "head_count " + heads + " is out of range 1.." + dim);
        check(md, kvHeads > 0 && heads % kvHeads == 0, "head_count " + heads + " is not a multiple of head_count_kv " + kvHeads);
        check(md, ffn > 0 && ffn <= 16 * MAX_WIDTH, "feed_forward_length " + ffn + " is out of range");
        check(md, ctx > 0, "context_length " + ctx + " must be positive");
        int headDim = md.optInt(p + "attention.key_length").orElse(dim / heads);
        check(md, headDim > 0 && (long) headDim * heads <= 4L * MAX_WIDTH, "head size " + headDim + " is out of range");
        check(md, arch != Architecture.GPT2 || headDim * heads == dim, "gpt2 needs head_count × head size = embedding_length");
        float eps = arch == Architecture.GPT2
                ? md.getFloat(p + "attention.layer_norm_epsilon")
                : md.getFloat(p + "attention.layer_norm_rms_epsilon");
        check(md, eps > 0 && eps < 1, "norm epsilon " + eps + " is out of range (0, 1)");
        float theta = md.optFloat(p + "rope.freq_base").orElse(10000f);
        int ropeDim = md.optInt(p + "rope.dimension_count").orElse(headDim);
        check(md, arch == Architecture.GPT2 || (ropeDim > 0 && ropeDim <= headDim && ropeDim % 2 == 0),
                "rope.dimension_count " + ropeDim + " must be even and at most the head size " + headDim);
        check(md, theta > 0 && Float.isFinite(theta), "rope.freq_base " + theta + " must be positive");
        float scale = 1f;
        String scaling = md.optString(p + "rope.scaling.type").orElse("none");
        if (scaling.equals("linear")) {
            scale = md.getFloat(p + "rope.scaling.factor");
            check(md, scale >= 1 && Float.isFinite(scale), "rope.scaling.factor " + scale + " must be at least 1");
        } else {
            check(md, scaling.equals("none") || scaling.isEmpty(), "rope.scaling.type '" + scaling
                    + "' is not supported (supported: none, linear; Llama 3 scaling comes through the rope_freqs tensor)");
        }
        GgufTensorInfo embd = file.requireTensor("token_embd.weight");
        long vocab = embd.dim(1);
        check(md, embd.dim(0) == dim, "token_embd has rows of " + embd.dim(0) + ", embedding_length is " + dim);
        check(md, vocab > 0 && vocab <= MAX_VOCAB, "token_embd has " + vocab + " rows, out of range 1.." + MAX_VOCAB);
        RopeStyle style = arch == Architecture.QWEN2 ? RopeStyle.HALVES : RopeStyle.ADJACENT_PAIRS;
        return new ModelConfig(arch, dim, blocks, heads, kvHeads, headDim, ffn, (int) vocab, ctx, eps, theta, ropeDim,
                scale, style);
    }

    private static void check(GgufMetadata md, boolean ok, String problem) {
        if (!ok) {
            throw md.problem(problem);
        }
    }
}
