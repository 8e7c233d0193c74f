package dev.atelier.ganvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.core.runtime.Scalars;

/**
 * A VAE decoder p(x | z, c) that paints the image as {@code slots} layers, one object each, over a
 * black canvas — the layered / object-slot generators (e.g. Eslami et al. 2016's AIR, Burgess et
 * al. 2019's MONet decoder) in their simplest form:
 *
 * <pre>
 *   h         = [z ; LeakyReLU(W_c c)]                     (as {@link Generator}: GAN-INT-CLS projection)
 *   s_1..s_K  = MLP(h), each of slotDim                    (one vector per object slot; BN + ReLU after each layer)
 *   colour_k  = sigmoid(W_rgb s_k)                         (one flat colour per slot)
 *   α_k       = sigmoid(upStack(s_k))                      (a 1-channel mask, the DCGAN up-stack, shared by all slots)
 *   canvas_0  = 0;  canvas_k = (1 − α_k) canvas_{k−1} + α_k colour_k     (painted in slot order, later on top)
 *   logits    = log canvas_K − log(1 − canvas_K)           (VAE decoder; clamped to [1e-4, 1 − 1e-4]: Bernoulli logits)
 *   image     = 2 canvas_K − 1                             (GAN generator: DCGAN's [-1, 1] range)
 * </pre>
 *
 * <p>Why: a single convolutional decoder has to draw every colour–shape pair it is asked for, and
 * for pairs it never saw it draws blends. Here a slot's colour and its mask come from the same slot
 * vector through separate heads, so an unseen pairing needs only a slot vector that names both;
 * every object is one flat colour with its own mask, so edges stay crisp and objects countable.
 */
public final class LayeredDecoder extends AbstractBlock {
    private static final byte VERSION = 1;
    /** Width of the MLP that makes the slot vectors. */
    static final int HIDDEN = 256;
    static final int SLOT_DIM = 64;
    private static final float CLAMP = 1e-4f;

    private final ImageSpec image;
    private final int latentDim;
    private final Condition condition;
    private final int slots;
    private final SequentialBlock projection;
    private final SequentialBlock slotMlp;
    private final SequentialBlock colour;
    private final SequentialBlock mask;

    private final Generator.Output output;

    /**
     * A layered generator of {@code image}: {@link Generator.Output#LOGITS} as a VAE decoder (Bernoulli
     * logits of the canvas), {@link Generator.Output#TANH} as a GAN generator (the canvas mapped to [-1, 1]).
     */
    public LayeredDecoder(ImageSpec image, int latentDim, Condition condition, int width, int slots, Generator.Output output) {
        super(VERSION);
        if (slots < 1) {
            throw new IllegalArgumentException("a layered decoder needs at least one slot");
        }
        this.image = image;
        this.latentDim = latentDim;
        this.condition = condition;
        this.slots = slots;
        this.output = output;
        this.projection = condition.present()
                ? addChildBlock("projection", Layers.conditionProjection(condition.embedDim())) : null;
        // Batch norm + ReLU after each layer, as everywhere in the DCGAN generator: with N(0, 0.02)
        // weights and no normalisation the slot vectors start at a scale of ~0.04, and the colour
        // head and z's influence took hundreds of steps to grow (the first run's posterior collapsed).
        this.slotMlp = addChildBlock("slots", new SequentialBlock()
                .add(Layers.linear(HIDDEN)).add(Layers.batchNorm()).addSingleton(Activation::relu)
                .add(Layers.linear(slots * SLOT_DIM)).add(Layers.batchNorm()).addSingleton(Activation::relu));
        this.colour = addChildBlock("colour", new SequentialBlock().add(Layers.linear(image.channels())));
        this.mask = addChildBlock("mask", Layers.upStack(new ImageSpec(1, image.size()), width));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray z = inputs.get(0);
        long batch = z.getShape().get(0);
        NDArray h = z;
        if (projection != null) {
            h = z.concat(projection.forward(store, new NDList(inputs.get(1)), training).singletonOrThrow(), 1);
        }
        NDArray s = slotMlp.forward(store, new NDList(h), training).singletonOrThrow().reshape(batch * slots, SLOT_DIM);
        int size = image.size();
        int channels = image.channels();
        NDArray rgb = Activation.sigmoid(colour.forward(store, new NDList(s), training).singletonOrThrow())
                .reshape(batch, slots, channels, 1, 1);
        NDArray alpha = Activation.sigmoid(mask.forward(store, new NDList(s), training).singletonOrThrow())
                .reshape(batch, slots, 1, size, size);
        NDArray canvas = paint(alpha, rgb);
        if (output == Generator.Output.TANH) {
            return new NDList(Scalars.mul(canvas, 2).sub(1f));
        }
        NDArray p = Scalars.minimum(Scalars.maximum(canvas, CLAMP), 1 - CLAMP);
        return new NDList(p.log().sub(p.neg().add(1f).log()));
    }

    /**
     * The painter's algorithm over black: masks {@code alpha} (B, K, 1, H, W) and flat colours
     * {@code rgb} (B, K, C, 1, 1), layer 0 first; returns the canvas (B, C, H, W).
     */
    static NDArray paint(NDArray alpha, NDArray rgb) {
        NDArray canvas = null;
        for (int k = 0; k < alpha.getShape().get(1); k++) {
            NDArray a = alpha.get(":, " + k);
            NDArray layer = a.mul(rgb.get(":, " + k));
            canvas = canvas == null ? layer : canvas.sub(canvas.mul(a)).add(layer);
        }
        return canvas;
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
        slotMlp.initialize(manager, dataType, new Shape(batch, features));
        colour.initialize(manager, dataType, new Shape(batch * slots, SLOT_DIM));
        mask.initialize(manager, dataType, new Shape(batch * slots, SLOT_DIM));
    }

    public int slots() {
        return slots;
    }
}
