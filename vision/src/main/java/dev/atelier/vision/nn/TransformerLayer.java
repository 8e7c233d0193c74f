package dev.atelier.vision.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A pre-norm transformer layer (GPT-2 style): {@code x + attn(ln1(x))}, then {@code x + mlp(ln2(x))},
 * the MLP four times wider with GELU. Input {@code x [B, T, D]} and optionally {@code keep [B, T]},
 * handed to {@link SelfAttention}.
 */
public final class TransformerLayer extends AbstractBlock {

    private final LayerNorm ln1;
    private final SelfAttention attention;
    private final LayerNorm ln2;
    private final Linear up;
    private final Linear down;

    public TransformerLayer(int width, int heads, boolean causal) {
        ln1 = addChildBlock("ln1", LayerNorm.builder().axis(2).build());
        attention = addChildBlock("attention", new SelfAttention(width, heads, causal));
        ln2 = addChildBlock("ln2", LayerNorm.builder().axis(2).build());
        up = addChildBlock("up", Linear.builder().setUnits(4L * width).build());
        down = addChildBlock("down", Linear.builder().setUnits(width).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDList attentionInput = new NDList(ln1.forward(ps, new NDList(x), training).head());
        if (inputs.size() > 1) {
            attentionInput.add(inputs.get(1));
        }
        x = x.add(attention.forward(ps, attentionInput, training).head());
        NDArray h = ln2.forward(ps, new NDList(x), training).head();
        h = Activation.gelu(up.forward(ps, new NDList(h), training).head());
        x = x.add(down.forward(ps, new NDList(h), training).head());
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        ln1.initialize(manager, dataType, x);
        attention.initialize(manager, dataType, inputShapes);
        ln2.initialize(manager, dataType, x);
        up.initialize(manager, dataType, x);
        down.initialize(manager, dataType, new Shape(x.get(0), x.get(1), 4 * x.get(2)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
