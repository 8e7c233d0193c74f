package dev.atelier.ganvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The DCGAN discriminator D(x, c) → one logit per image (real vs fake). The unconditional score
 * ψ is a convolution covering the whole base map (4 x 4 for 64 x 64 images). A condition enters as
 * {@link DiscriminatorCondition} says:
 *
 * <ul>
 *   <li>CONCAT, as in GAN-INT-CLS: the compressed condition is replicated over the base map,
 *       concatenated to the image features in depth and mixed by a 1 x 1 convolution + batch norm +
 *       LeakyReLU before ψ;</li>
 *   <li>PROJECTION (Miyato and Koyama 2018): D(x, y) = ψ(h) + ⟨V y, φ(x)⟩, with h the base map,
 *       φ(x) its global sum pooling (as in their networks) and V y a learned embedding of the
 *       condition (a fully connected layer without bias: for a one-hot y, the class's row of V).</li>
 * </ul>
 */
public final class Discriminator extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ImageSpec image;
    private final Condition condition;
    private final SequentialBlock features;
    private final SequentialBlock projection;
    private final SequentialBlock joint;
    private final SequentialBlock score;
    private final Block embedding;
    private final int featureChannels;

    public Discriminator(GanConfig config) {
        super(VERSION);
        this.image = config.image();
        this.condition = config.condition();
        this.featureChannels = Layers.downChannels(image, config.discriminatorWidth());
        this.features = addChildBlock("features", Layers.downStack(image, config.discriminatorWidth()));
        boolean concat = condition.present()
                && config.discriminatorCondition() == DiscriminatorCondition.CONCAT;
        boolean project = condition.present()
                && config.discriminatorCondition() == DiscriminatorCondition.PROJECTION;
        if (concat) {
            this.projection = addChildBlock("projection", Layers.conditionProjection(condition.embedDim()));
            this.joint = addChildBlock("joint", new SequentialBlock().add(Layers.downConv(featureChannels, 1, 1, 0))
                    .add(Layers.batchNorm()).addSingleton(Layers::leakyRelu));
        } else {
            this.projection = null;
            this.joint = null;
        }
        this.score = addChildBlock("score", new SequentialBlock().add(Layers.downConv(1, image.base(), 1, 0)));
        this.embedding = project ? addChildBlock("embedding", Layers.embedding(featureChannels)) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        long batch = x.getShape().get(0);
        NDArray h = features(store, x, training);
        if (projection != null) {
            NDArray c = projection.forward(store, new NDList(inputs.get(1)), training).singletonOrThrow();
            int base = image.base();
            NDArray replicated = c.reshape(batch, condition.embedDim(), 1, 1)
                    .broadcast(new Shape(batch, condition.embedDim(), base, base));
            h = joint.forward(store, new NDList(h.concat(replicated, 1)), training).singletonOrThrow();
        }
        NDArray logit = score.forward(store, new NDList(h), training).singletonOrThrow().reshape(batch);
        if (embedding != null) {
            NDArray vy = embedding.forward(store, new NDList(inputs.get(1)), training).singletonOrThrow();
            logit = logit.add(vy.mul(pooled(h)).sum(new int[] {1}));
        }
        return new NDList(logit);
    }

    /** The base map h of the image features, (B, C, base, base). */
    NDArray features(ParameterStore store, NDArray x, boolean training) {
        return features.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /** φ(x): global sum pooling of the base map, (B, C). */
    static NDArray pooled(NDArray h) {
        return h.sum(new int[] {2, 3});
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        features.initialize(manager, dataType, inputShapes[0]);
        Shape map = new Shape(batch, featureChannels, image.base(), image.base());
        if (projection != null) {
            projection.initialize(manager, dataType, inputShapes[1]);
            joint.initialize(manager, dataType, new Shape(batch, featureChannels + condition.embedDim(),
                    image.base(), image.base()));
        }
        score.initialize(manager, dataType, map);
        if (embedding != null) {
            embedding.initialize(manager, dataType, inputShapes[1]);
        }
    }

    /** The input shapes for a batch of {@code batch}: x, and c when conditional. */
    public Shape[] inputShapes(int batch) {
        Shape x = new Shape(batch, image.channels(), image.size(), image.size());
        return condition.present() ? new Shape[] {x, new Shape(batch, condition.dimension())} : new Shape[] {x};
    }
}
