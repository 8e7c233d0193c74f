package dev.atelier.ganvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The VAE encoder q(z | x, c) → (μ, log σ²), each (B, latentDim). The same convolution stack as
 * the discriminator; a condition is replicated over the base map and concatenated in depth (the
 * CVAE's recognition network sees x and c), then a fully connected layer gives μ and log σ².
 */
public final class Encoder extends AbstractBlock {

    private static final byte VERSION = 1;

    private final VaeConfig config;
    private final SequentialBlock features;
    private final SequentialBlock projection;
    private final SequentialBlock head;
    private final int featureChannels;

    public Encoder(VaeConfig config) {
        super(VERSION);
        this.config = config;
        this.featureChannels = Layers.downChannels(config.image(), config.width());
        this.features = addChildBlock("features", Layers.downStack(config.image(), config.width()));
        this.projection = config.condition().present()
                ? addChildBlock("projection", Layers.conditionProjection(config.condition().embedDim())) : null;
        this.head = addChildBlock("head", new SequentialBlock().add(Layers.linear(2 * config.latentDim())));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        long batch = x.getShape().get(0);
        NDArray h = features.forward(store, new NDList(x), training).singletonOrThrow();
        if (projection != null) {
            int base = config.image().base();
            int embed = config.condition().embedDim();
            NDArray c = projection.forward(store, new NDList(inputs.get(1)), training).singletonOrThrow();
            h = h.concat(c.reshape(batch, embed, 1, 1).broadcast(new Shape(batch, embed, base, base)), 1);
        }
        NDArray stats = head.forward(store, new NDList(h.reshape(batch, -1)), training).singletonOrThrow();
        NDList halves = stats.split(2, 1);
        return new NDList(halves.get(0), halves.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = new Shape(inputShapes[0].get(0), config.latentDim());
        return new Shape[] {s, s};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        features.initialize(manager, dataType, inputShapes[0]);
        int base = config.image().base();
        long channels = featureChannels;
        if (projection != null) {
            projection.initialize(manager, dataType, inputShapes[1]);
            channels += config.condition().embedDim();
        }
        head.initialize(manager, dataType, new Shape(batch, channels * base * base));
    }

    /** The input shapes for a batch of {@code batch}: x, and c when conditional. */
    public Shape[] inputShapes(int batch) {
        ImageSpec image = config.image();
        Shape x = new Shape(batch, image.channels(), image.size(), image.size());
        return config.condition().present()
                ? new Shape[] {x, new Shape(batch, config.condition().dimension())} : new Shape[] {x};
    }
}
