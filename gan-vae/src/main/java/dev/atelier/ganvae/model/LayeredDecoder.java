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
 * A layered (object-slot) generator: it paints the image as {@code slots} layers, one object each,
 * over a black canvas — the layered generators of Eslami et al. 2016 (AIR) and Burgess et al. 2019
 * (MONet) in their simplest form, with the condition alone deciding what is drawn and z only where:
 *
 * <pre>
 *   e           = LeakyReLU(W_c c)                          (as {@link Generator}: GAN-INT-CLS projection)
 *   what_1..K   = MLP_what(e)                               (per slot, from the condition only)
 *   where_1..K  = MLP_where([z ; e])                        (per slot, from the noise and the condition)
 *   colour_k    = sigmoid(W_rgb what_k)                     (one flat colour per slot)
 *   present_k   = sigmoid(w_p · what_k + b_p)               (whether slot k is drawn at all)
 *   α_k         = present_k · sigmoid(upStack([what_k ; where_k]))   (a 1-channel mask; the DCGAN up-stack, shared)
 *   canvas_0    = 0;  canvas_k = (1 − α_k) canvas_{k−1} + α_k colour_k     (painted in slot order, later on top)
 *   logits      = log canvas_K − log(1 − canvas_K)          (VAE decoder; clamped to [1e-4, 1 − 1e-4]: Bernoulli logits)
 *   image       = 2 canvas_K − 1                            (GAN generator: DCGAN's [-1, 1] range)
 * </pre>
 * Both MLPs have batch norm + ReLU after each layer, as everywhere in the DCGAN generator. Without a
 * condition, MLP_what reads z.
 *
 * <p>Why: a single convolutional decoder has to draw every colour–shape pair it is asked for, and
 * for pairs it never saw it draws blends. Here each object is one flat colour with its own mask, so
 * edges stay crisp and objects countable; and the number of objects, their colours and shapes can
 * only come from the prompt. (A first version made colour and presence from one slot vector of
 * [z ; e]: its encoder put the object count into z, and samples from the prior drew two objects for
 * one-object prompts — 30% of object counts right on held-out prompts.)
 */
public final class LayeredDecoder extends AbstractBlock {
    private static final byte VERSION = 2;
    /** Width of the hidden layer of the slot MLPs. */
    static final int HIDDEN = 256;
    static final int SLOT_DIM = 64;
    private static final float CLAMP = 1e-4f;

    private final ImageSpec image;
    private final int latentDim;
    private final Condition condition;
    private final int slots;
    private final Generator.Output output;
    private final SequentialBlock projection;
    private final SequentialBlock what;
    private final SequentialBlock where;
    private final SequentialBlock colour;
    private final SequentialBlock presence;
    private final SequentialBlock mask;

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
        this.what = addChildBlock("what", slotMlp(slots));
        this.where = addChildBlock("where", slotMlp(slots));
        this.colour = addChildBlock("colour", new SequentialBlock().add(Layers.linear(image.channels())));
        this.presence = addChildBlock("presence", new SequentialBlock().add(Layers.linear(1)));
        this.mask = addChildBlock("mask", Layers.upStack(new ImageSpec(1, image.size()), width));
    }

    private static SequentialBlock slotMlp(int slots) {
        return new SequentialBlock()
                .add(Layers.linear(HIDDEN)).add(Layers.batchNorm()).addSingleton(Activation::relu)
                .add(Layers.linear(slots * SLOT_DIM)).add(Layers.batchNorm()).addSingleton(Activation::relu);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray z = inputs.get(0);
        long batch = z.getShape().get(0);
        NDArray e = projection == null ? null
                : projection.forward(store, new NDList(inputs.get(1)), training).singletonOrThrow();
        NDArray whatIn = e == null ? z : e;
        NDArray whereIn = e == null ? z : z.concat(e, 1);
        NDArray whatK = what.forward(store, new NDList(whatIn), training).singletonOrThrow().reshape(batch * slots, SLOT_DIM);
        NDArray whereK = where.forward(store, new NDList(whereIn), training).singletonOrThrow().reshape(batch * slots, SLOT_DIM);
        int size = image.size();
        NDArray rgb = Activation.sigmoid(colour.forward(store, new NDList(whatK), training).singletonOrThrow())
                .reshape(batch, slots, image.channels(), 1, 1);
        NDArray present = Activation.sigmoid(presence.forward(store, new NDList(whatK), training).singletonOrThrow())
                .reshape(batch, slots, 1, 1, 1);
        NDArray alpha = Activation.sigmoid(mask.forward(store, new NDList(whatK.concat(whereK, 1)), training)
                .singletonOrThrow()).reshape(batch, slots, 1, size, size).mul(present);
        NDArray canvas = paint(alpha, rgb);
        if (output == Generator.Output.TANH) {
            return new NDList(Scalars.mul(canvas, 2).sub(1f));
        }
        NDArray p = Scalars.minimum(Scalars.maximum(canvas, CLAMP), 1 - CLAMP);
        return new NDList(p.log().sub(p.neg().add(1f).log()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), image.channels(), image.size(), image.size())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape whatIn = new Shape(batch, latentDim);
        Shape whereIn = whatIn;
        if (projection != null) {
            projection.initialize(manager, dataType, inputShapes[1]);
            whatIn = new Shape(batch, condition.embedDim());
            whereIn = new Shape(batch, latentDim + condition.embedDim());
        }
        what.initialize(manager, dataType, whatIn);
        where.initialize(manager, dataType, whereIn);
        colour.initialize(manager, dataType, new Shape(batch * slots, SLOT_DIM));
        presence.initialize(manager, dataType, new Shape(batch * slots, SLOT_DIM));
        mask.initialize(manager, dataType, new Shape(batch * slots, 2 * SLOT_DIM));
    }

    public int slots() {
        return slots;
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
}
