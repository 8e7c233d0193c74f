package dev.atelier.vision.caption;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.atelier.vision.nn.TransformerLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * ClipCap's decoder: an MLP maps the image features to {@code prefixLength} prefix vectors, which go
 * before the embedded caption tokens through causal transformer layers; a linear head reads
 * next-word logits at the token positions. A pooled embedding is mapped as a whole to all prefix
 * vectors (ClipCap); a feature grid is mapped cell by cell, one prefix vector per cell.
 *
 * <p>Input {@code [image features [B, config.imageFeatures()], tokens [B, T] int32]} (tokens start
 * with {@code <bos>}); output logits {@code [B, T, vocab]}, row {@code i} predicting token
 * {@code i + 1}.
 */
public final class PrefixDecoder extends AbstractBlock {

    private final CaptionerConfig config;
    private final int vocabSize;
    private final SequentialBlock mapper;
    private final SequentialBlock colorMapper;
    private final Parameter tokenEmbedding;
    private final Parameter positionEmbedding;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Linear head;

    public PrefixDecoder(CaptionerConfig config, int vocabSize) {
        this.config = config;
        this.vocabSize = vocabSize;
        // Pooled: one vector spread over the whole prefix; grid: the same small MLP for every cell
        // (for split streams, one MLP for the cells' shape channels and one for their colour channels).
        boolean gridded = config.prefixSource().gridded();
        int outWidth = gridded ? config.width() : config.prefixLength() * config.width();
        mapper = addChildBlock("mapper", mlp(gridded ? config.width() : outWidth / 2, outWidth));
        colorMapper = config.prefixSource() == PrefixSource.GRID_STREAMS
                ? addChildBlock("color_mapper", mlp(config.width(), config.width())) : null;
        tokenEmbedding = addParameter(Parameter.builder().setName("token_embedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabSize, config.width())).optInitializer(new NormalInitializer(0.02f)).build());
        positionEmbedding = addParameter(Parameter.builder().setName("position_embedding")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(config.sequenceLength(), config.width()))
                .optInitializer(new NormalInitializer(0.02f)).build());
        for (int i = 0; i < config.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new TransformerLayer(config.width(), config.heads(), true)));
        }
        finalNorm = addChildBlock("final_norm", LayerNorm.builder().axis(2).build());
        head = addChildBlock("head", Linear.builder().setUnits(vocabSize).build());
    }

    private static SequentialBlock mlp(int hidden, int out) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation::tanh)
                .add(Linear.builder().setUnits(out).build());
    }

    public CaptionerConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray image = inputs.get(0);
        NDArray tokens = inputs.get(1);
        long b = tokens.getShape().get(0);
        long t = tokens.getShape().get(1);
        int p = config.prefixLength();
        NDArray prefix = prefix(ps, image, b, training);
        NDArray words = tokens.oneHot(vocabSize).matMul(ps.getValue(tokenEmbedding, tokens.getDevice(), training));
        NDArray x = prefix.concat(words, 1);
        NDArray positions = ps.getValue(positionEmbedding, tokens.getDevice(), training).get("0:" + (p + t));
        x = x.add(positions);
        for (TransformerLayer layer : layers) {
            x = layer.forward(ps, new NDList(x), training).head();
        }
        x = finalNorm.forward(ps, new NDList(x.get(":, " + p + ":, :")), training).head();
        return head.forward(ps, new NDList(x), training);
    }

    /** The prefix vectors {@code [B, prefixLength, width]} of the image features. */
    private NDArray prefix(ParameterStore ps, NDArray image, long b, boolean training) {
        int p = config.prefixLength();
        return switch (config.prefixSource()) {
            case POOLED -> mapper.forward(ps, new NDList(image), training).head().reshape(b, p, config.width());
            case GRID -> mapper.forward(ps, new NDList(image.reshape(b, p, config.clipDim())), training).head();
            case GRID_STREAMS -> {
                NDArray cells = image.reshape(b, config.cells(), config.clipDim());
                int split = config.clipDim() - config.colorChannels();
                NDArray shape = mapper.forward(ps, new NDList(cells.get(":, :, 0:" + split)), training).head();
                NDArray color = colorMapper.forward(ps, new NDList(cells.get(":, :, " + split + ":")), training).head();
                yield shape.concat(color, 1);
            }
        };
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        Shape hidden = new Shape(b, config.sequenceLength(), config.width());
        switch (config.prefixSource()) {
            case POOLED -> mapper.initialize(manager, dataType, inputShapes[0]);
            case GRID -> mapper.initialize(manager, dataType, new Shape(b, config.cells(), config.clipDim()));
            case GRID_STREAMS -> {
                int color = config.colorChannels();
                mapper.initialize(manager, dataType, new Shape(b, config.cells(), config.clipDim() - color));
                colorMapper.initialize(manager, dataType, new Shape(b, config.cells(), color));
            }
        }
        for (TransformerLayer layer : layers) {
            layer.initialize(manager, dataType, hidden);
        }
        finalNorm.initialize(manager, dataType, hidden);
        head.initialize(manager, dataType, hidden);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[1].get(0), inputShapes[1].get(1), vocabSize)};
    }
}
