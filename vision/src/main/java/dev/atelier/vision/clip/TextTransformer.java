package dev.atelier.vision.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.atelier.vision.nn.TransformerLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * The text tower trained from scratch: token and position embeddings, pre-norm transformer layers
 * (bidirectional, padding masked), a final layer norm, the mean over the real tokens, and a linear
 * map into the shared space. Input {@code ids [B, T]} (int32) and {@code keep [B, T]} (1 for a token).
 */
public final class TextTransformer extends AbstractBlock {

    private final int vocabSize;
    private final int width;
    private final Parameter tokenEmbedding;
    private final Parameter positionEmbedding;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Linear projection;

    public TextTransformer(ClipConfig config, int vocabSize) {
        this.vocabSize = vocabSize;
        this.width = config.textWidth();
        tokenEmbedding = addParameter(Parameter.builder().setName("token_embedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabSize, width)).optInitializer(new NormalInitializer(0.02f)).build());
        positionEmbedding = addParameter(Parameter.builder().setName("position_embedding")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(config.maxTokens(), width))
                .optInitializer(new NormalInitializer(0.02f)).build());
        for (int i = 0; i < config.textLayers(); i++) {
            layers.add(addChildBlock("layer" + i, new TransformerLayer(width, config.textHeads(), false)));
        }
        finalNorm = addChildBlock("final_norm", LayerNorm.builder().axis(2).build());
        projection = addChildBlock("projection", Linear.builder().setUnits(config.embedDim()).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray keep = inputs.get(1);
        long t = ids.getShape().get(1);
        NDArray tokens = ps.getValue(tokenEmbedding, ids.getDevice(), training);
        NDArray positions = ps.getValue(positionEmbedding, ids.getDevice(), training).get("0:" + t);
        // One-hot times the table: the vocabulary is tiny, and the gradient is plain matmul.
        NDArray x = ids.oneHot(vocabSize).matMul(tokens).add(positions);
        for (TransformerLayer layer : layers) {
            x = layer.forward(ps, new NDList(x, keep), training).head();
        }
        x = finalNorm.forward(ps, new NDList(x), training).head();
        NDArray weights = keep.expandDims(2);
        NDArray pooled = x.mul(weights).sum(new int[] {1}).div(weights.sum(new int[] {1}));
        return projection.forward(ps, new NDList(pooled), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        Shape hidden = new Shape(ids.get(0), ids.get(1), width);
        for (TransformerLayer layer : layers) {
            layer.initialize(manager, dataType, hidden, inputShapes[1]);
        }
        finalNorm.initialize(manager, dataType, hidden);
        projection.initialize(manager, dataType, new Shape(ids.get(0), width));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), projection.getOutputShapes(
                new Shape[] {new Shape(inputShapes[0].get(0), width)})[0].get(1))};
    }
}
