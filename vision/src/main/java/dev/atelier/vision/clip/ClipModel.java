package dev.atelier.vision.clip;

import dev.atelier.core.runtime.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * The dual encoder (Radford et al. 2021): an image tower and a text tower map into one space where
 * both embeddings are L2-normalised, so a dot product is a cosine; a learned {@code logit_scale}
 * (initialised to ln(1/0.07)) sets the softmax temperature, its exponential capped at 100.
 *
 * <p>Forward takes {@code [images, text inputs...]} and returns {@code [image embeddings, text
 * embeddings, logit multiplier]}.
 */
public final class ClipModel extends AbstractBlock {

    private final ClipConfig config;
    private final Block imageTower;
    private final Block textTower;
    private final Parameter logitScale;

    public ClipModel(ClipConfig config, int vocabSize) {
        this.config = config;
        imageTower = addChildBlock("image", ImageTower.build(config));
        textTower = addChildBlock("text", config.textTower() == TextTowerKind.MINILM
                ? MiniLmProjection.build(config) : new TextTransformer(config, vocabSize));
        logitScale = addParameter(Parameter.builder().setName("logit_scale").setType(Parameter.Type.OTHER)
                .optShape(new Shape(1))
                .optInitializer(new ConstantInitializer((float) ClipConfig.INITIAL_LOGIT_SCALE)).build());
    }

    public ClipConfig config() {
        return config;
    }

    /** L2-normalised image embeddings {@code [B, embedDim]}. */
    public NDArray encodeImages(ParameterStore ps, NDArray images, boolean training) {
        return normalize(imageTower.forward(ps, new NDList(images), training).head());
    }

    /**
     * The image tower's feature grid, cell-major: {@code [B, side * side, channels]}, row by row,
     * each cell's channels together.
     */
    public NDArray imageGrid(ParameterStore ps, NDArray images, boolean training) {
        NDArray grid = ImageTower.featureGrid(imageTower).forward(ps, new NDList(images), training).head();
        Shape s = grid.getShape();
        return grid.transpose(0, 2, 3, 1).reshape(s.get(0), s.get(2) * s.get(3), s.get(1));
    }

    /** L2-normalised text embeddings {@code [B, embedDim]} from the tower's inputs. */
    public NDArray encodeTexts(ParameterStore ps, NDList textInputs, boolean training) {
        return normalize(textTower.forward(ps, textInputs, training).head());
    }

    /** exp(logit_scale), capped at {@link ClipConfig#MAX_LOGIT_MULTIPLIER}. */
    public NDArray logitMultiplier(ParameterStore ps, NDManager manager, boolean training) {
        return Scalars.minimum(ps.getValue(logitScale, manager.getDevice(), training).exp(),
                ClipConfig.MAX_LOGIT_MULTIPLIER);
    }

    static NDArray normalize(NDArray x) {
        return x.div(Scalars.pow(x, 2).sum(new int[] {-1}, true).sqrt().add(1e-8f));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray images = encodeImages(ps, inputs.get(0), training);
        NDArray texts = encodeTexts(ps, new NDList(inputs.subNDList(1)), training);
        return new NDList(images, texts, logitMultiplier(ps, inputs.get(0).getManager(), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        imageTower.initialize(manager, dataType, inputShapes[0]);
        textTower.initialize(manager, dataType, Arrays.copyOfRange(inputShapes, 1, inputShapes.length));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[] {new Shape(b, config.embedDim()), new Shape(b, config.embedDim()), new Shape(1)};
    }

    /** Input shapes of a batch: images, then the text tower's inputs. */
    public Shape[] inputShapes(long batch) {
        Shape images = ImageTower.inputShape(batch);
        if (config.textTower() == TextTowerKind.MINILM) {
            return new Shape[] {images, new Shape(batch, config.minilmDim())};
        }
        return new Shape[] {images, new Shape(batch, config.maxTokens()), new Shape(batch, config.maxTokens())};
    }
}
