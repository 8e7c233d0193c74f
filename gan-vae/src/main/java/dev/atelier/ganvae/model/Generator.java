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
 * The DCGAN generator G(z, c). Inputs: noise z of shape (B, latentDim) and, when conditional, the
 * condition c of shape (B, conditionDim). As in GAN-INT-CLS, c is compressed by a fully connected
 * layer + LeakyReLU(0.2) and concatenated to z; the result goes through the up-sampling stack
 * ({@link Layers#upStack}): projection to the base map, then doubling steps to the image size.
 *
 * <p>{@link Output#TANH} is the GAN generator (images in [-1, 1]); {@link Output#LOGITS} is the same
 * network as a VAE decoder, whose outputs are Bernoulli logits (images = sigmoid(logits)).
 */
public final class Generator extends AbstractBlock {

    public enum Output { TANH, LOGITS }

    private static final byte VERSION = 1;

    private final ImageSpec image;
    private final int latentDim;
    private final Condition condition;
    private final Output output;
    private final SequentialBlock projection;
    private final SequentialBlock body;

    public Generator(ImageSpec image, int latentDim, Condition condition, int width, Output output) {
        super(VERSION);
        this.image = image;
        this.latentDim = latentDim;
        this.condition = condition;
        this.output = output;
        this.projection = condition.present()
                ? addChildBlock("projection", Layers.conditionProjection(condition.embedDim())) : null;
        this.body = addChildBlock("body", Layers.upStack(image, width));
    }

    /** The GAN generator of {@code config}: this DCGAN up-stack, or a {@link LayeredDecoder} when it has slots. */
    public static AbstractBlock of(GanConfig config) {
        return create(config.image(), config.latentDim(), config.condition(), config.generatorWidth(), config.slots(),
                Output.TANH);
    }

    /** The decoder p(x | z, c) of {@code config}: this DCGAN up-stack, or a {@link LayeredDecoder} when it has slots. */
    public static AbstractBlock decoderOf(VaeConfig config) {
        return create(config.image(), config.latentDim(), config.condition(), config.width(), config.slots(),
                Output.LOGITS);
    }

    private static AbstractBlock create(ImageSpec image, int latentDim, Condition condition, int width, int slots,
            Output output) {
        return slots > 0
                ? new LayeredDecoder(image, latentDim, condition, width, slots, output)
                : new Generator(image, latentDim, condition, width, output);
    }

    /** The input shapes of a generator or decoder for a batch of {@code batch}: z, and c when conditional. */
    public static Shape[] inputShapes(int latentDim, Condition condition, int batch) {
        Shape z = new Shape(batch, latentDim);
        return condition.present() ? new Shape[] {z, new Shape(batch, condition.dimension())} : new Shape[] {z};
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray z = inputs.get(0);
        NDArray h = z;
        if (projection != null) {
            NDArray c = projection.forward(store, new NDList(inputs.get(1)), training).singletonOrThrow();
            h = z.concat(c, 1);
        }
        NDArray x = body.forward(store, new NDList(h), training).singletonOrThrow();
        return new NDList(output == Output.TANH ? x.tanh() : x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), image.channels(), image.size(), image.size())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        long features = latentDim;
        if (projection != null) {
            projection.initialize(manager, dataType, inputShapes[1]);
            features += condition.embedDim();
        }
        body.initialize(manager, dataType, new Shape(batch, features));
    }

    public ImageSpec image() {
        return image;
    }

    public int latentDim() {
        return latentDim;
    }

    public Condition condition() {
        return condition;
    }
}
