package dev.atelier.vision.nn;

import dev.atelier.core.runtime.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head scaled dot-product self-attention (Vaswani et al. 2017), written out as in nanoGPT:
 * one linear layer makes queries, keys and values, heads attend independently, one linear layer
 * mixes them back.
 *
 * <p>Input {@code x [B, T, D]} and optionally {@code keep [B, T]} (1 for a token, 0 for padding:
 * no query attends to a padded key). A causal layer also stops each position from seeing later ones.
 */
public final class SelfAttention extends AbstractBlock {

    /** Added to masked scores; large enough that softmax gives them zero weight, small enough for float32. */
    static final float MASKED = -1e9f;

    private final int width;
    private final int heads;
    private final boolean causal;
    private final Linear qkv;
    private final Linear out;

    public SelfAttention(int width, int heads, boolean causal) {
        if (width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " is not a multiple of heads " + heads);
        }
        this.width = width;
        this.heads = heads;
        this.causal = causal;
        this.qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * width).build());
        this.out = addChildBlock("out", Linear.builder().setUnits(width).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long headWidth = width / heads;
        NDList qkvParts = qkv.forward(ps, new NDList(x), training).head().split(3, 2);
        NDArray q = splitHeads(qkvParts.get(0), b, t, headWidth);
        NDArray k = splitHeads(qkvParts.get(1), b, t, headWidth);
        NDArray v = splitHeads(qkvParts.get(2), b, t, headWidth);
        NDArray scores = Scalars.div(q.matMul(k.transpose(0, 1, 3, 2)), (float) Math.sqrt(headWidth)); // [B, H, T, T]
        if (causal) {
            scores = scores.add(causalMask(x.getManager(), (int) t));
        }
        if (inputs.size() > 1) {
            NDArray keep = inputs.get(1).toType(DataType.FLOAT32, false).reshape(b, 1, 1, t);
            scores = scores.add(keep.neg().add(1).mul(MASKED));
        }
        NDArray attended = scores.softmax(-1).matMul(v); // [B, H, T, hw]
        NDArray merged = attended.transpose(0, 2, 1, 3).reshape(b, t, width);
        return out.forward(ps, new NDList(merged), training);
    }

    private NDArray splitHeads(NDArray a, long b, long t, long headWidth) {
        return a.reshape(b, t, heads, headWidth).transpose(0, 2, 1, 3);
    }

    /** {@code [T, T]}: 0 on and below the diagonal, {@link #MASKED} above it. */
    static NDArray causalMask(NDManager manager, int t) {
        float[] mask = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                mask[i * t + j] = MASKED;
            }
        }
        return manager.create(mask, new Shape(t, t));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        qkv.initialize(manager, dataType, inputShapes[0]);
        out.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
