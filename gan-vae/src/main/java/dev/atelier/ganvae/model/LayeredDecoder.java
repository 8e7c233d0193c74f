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
 *   centre_k    = tanh(W_c where_k)                         (the object's centre, canvas coordinates in [-1, 1])
 *   extent_k    = 0.05 + 0.5 · sigmoid(w_e · what_k)        (its half-size; the prompt says small or large)
 *   α_k(p)      = present_k · sigmoid(f([(p − centre_k) / extent_k ; what_k]))   for every pixel centre p
 *                 (f: an MLP of the pixel's object-centred coordinates and what_k, the object's shape)
 *   canvas_0    = 0;  canvas_k = (1 − α_k) canvas_{k−1} + α_k colour_k     (painted in slot order, later on top)
 *   logits      = log canvas_K − log(1 − canvas_K)          (VAE decoder; clamped to [1e-4, 1 − 1e-4]: Bernoulli logits)
 *   image       = 2 canvas_K − 1                            (GAN generator: DCGAN's [-1, 1] range)
 * </pre>
 * The slot MLPs have batch norm + ReLU after each layer, as everywhere in the DCGAN generator. f has
 * 4 × width hidden units in two ReLU layers. Without a condition, MLP_what reads z.
 *
 * <p>Why: a single convolutional decoder has to draw every colour–shape pair it is asked for, and
 * for pairs it never saw it draws blends. Here each object is one flat colour with its own mask, so
 * edges stay crisp and objects countable; and the number of objects, their colours and shapes can
 * only come from the prompt. (A first version made colour and presence from one slot vector of
 * [z ; e]: its encoder put the object count into z, and samples from the prior drew two objects for
 * one-object prompts — 30% of object counts right on held-out prompts. A second one drew each
 * mask with the DCGAN up-stack from [what ; where]: for noise between the encodings of training
 * scenes it hedged between positions and drew one slot as two blobs — 34% of counts right. Here a
 * slot's mask is a shape around one centre, so a slot draws one object.)
 */
public final class LayeredDecoder extends AbstractBlock {
    private static final byte VERSION = 3;
    /** Width of the hidden layer of the slot MLPs. */
    static final int HIDDEN = 256;
    static final int SLOT_DIM = 64;
    private static final float CLAMP = 1e-4f;
    /**
     * The forward parameter that asks for two more outputs, which the VAE loss can charge for
     * ({@code Vae.loss} with slot penalties): the slots' presences (B, K), and their overlap (B),
     * Σ_pixels Σ_{j<k} α_j α_k — Shapes objects never overlap, so two slots drawing one object is an error.
     */
    public static final String WITH_SLOT_TERMS = "withSlotTerms";

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
    private final int hidden;
    private final SequentialBlock centre;
    private final SequentialBlock extent;
    private final SequentialBlock shapeFromWhat;
    private final SequentialBlock shapeFromPixel;
    private final SequentialBlock shapeOut;

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
        this.hidden = 4 * width;
        this.centre = addChildBlock("centre", new SequentialBlock().add(Layers.linear(2)));
        this.extent = addChildBlock("extent", new SequentialBlock().add(Layers.linear(1)));
        // f's first layer, W [p' ; what] + b, split in its two parts so the what part is computed once per slot.
        this.shapeFromWhat = addChildBlock("shapeFromWhat", new SequentialBlock().add(Layers.linear(hidden)));
        this.shapeFromPixel = addChildBlock("shapeFromPixel", new SequentialBlock().add(Layers.embedding(hidden)));
        this.shapeOut = addChildBlock("shapeOut", new SequentialBlock().addSingleton(Activation::relu)
                .add(Layers.linear(hidden)).addSingleton(Activation::relu).add(Layers.linear(1)));
    }

    /** The centres of the pixels of a size × size canvas, (x, y) in [-1, 1], row by row: (size², 2). */
    static NDArray pixelCentres(NDManager manager, int size) {
        float[] xy = new float[2 * size * size];
        for (int row = 0; row < size; row++) {
            for (int col = 0; col < size; col++) {
                xy[2 * (row * size + col)] = (2 * col + 1f) / size - 1;
                xy[2 * (row * size + col) + 1] = (2 * row + 1f) / size - 1;
            }
        }
        return manager.create(xy, new Shape((long) size * size, 2));
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
        NDArray centres = centre.forward(store, new NDList(whereK), training).singletonOrThrow().tanh(); // (BK, 2)
        NDArray extents = Scalars.mul(Activation.sigmoid(extent.forward(store, new NDList(whatK), training)
                .singletonOrThrow()), 0.5).add(0.05f);                                                     // (BK, 1)
        NDArray local = pixelCentres(z.getManager(), size).expandDims(0).sub(centres.expandDims(1))
                .div(extents.expandDims(1));                                                               // (BK, P, 2)
        NDArray h = shapeFromPixel.forward(store, new NDList(local), training).singletonOrThrow()
                .add(shapeFromWhat.forward(store, new NDList(whatK), training).singletonOrThrow().expandDims(1));
        NDArray alpha = Activation.sigmoid(shapeOut.forward(store, new NDList(h), training).singletonOrThrow())
                .reshape(batch, slots, 1, size, size).mul(present);
        NDArray canvas = paint(alpha, rgb);
        NDList out;
        if (output == Generator.Output.TANH) {
            out = new NDList(Scalars.mul(canvas, 2).sub(1f));
        } else {
            NDArray p = Scalars.minimum(Scalars.maximum(canvas, CLAMP), 1 - CLAMP);
            out = new NDList(p.log().sub(p.neg().add(1f).log()));
        }
        if (params != null && params.contains(WITH_SLOT_TERMS)) {
            out.add(present.reshape(batch, slots));
            out.add(overlap(alpha));
        }
        return out;
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
        long pixels = (long) image.size() * image.size();
        centre.initialize(manager, dataType, new Shape(batch * slots, SLOT_DIM));
        extent.initialize(manager, dataType, new Shape(batch * slots, SLOT_DIM));
        shapeFromWhat.initialize(manager, dataType, new Shape(batch * slots, SLOT_DIM));
        shapeFromPixel.initialize(manager, dataType, new Shape(batch * slots, pixels, 2));
        shapeOut.initialize(manager, dataType, new Shape(batch * slots, pixels, hidden));
    }

    public int slots() {
        return slots;
    }

    /**
     * Σ over pixels of Σ_{j<k} α_j α_k for masks {@code alpha} (B, K, 1, H, W): (B). Per pixel,
     * Σ_{j<k} α_j α_k = ((Σ_k α_k)² − Σ_k α_k²) / 2.
     */
    static NDArray overlap(NDArray alpha) {
        NDArray sum = alpha.sum(new int[] {1});
        NDArray pairs = Scalars.mul(sum.square().sub(alpha.square().sum(new int[] {1})), 0.5);
        return pairs.reshape(alpha.getShape().get(0), -1).sum(new int[] {1});
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
