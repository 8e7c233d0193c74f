package dev.atelier.ganvae.model;

import dev.atelier.core.runtime.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.core.runtime.NativeRuntime;
import java.util.List;

/**
 * The (conditional) VAE: encoder q(z | x, c), decoder p(x | z, c), and its loss.
 *
 * <pre>
 *   μ, log σ² = encoder(x, c)
 *   z = μ + σ ⊙ ε,  ε ~ N(0, I)            (reparameterisation: gradients flow through μ and σ)
 *   loss = BCE(decoder(z, c), x) + β · KL,  KL = −½ Σ (1 + log σ² − μ² − σ²)
 *          (+ slot penalties with a layered decoder: {@link SlotPenalties})
 * </pre>
 *
 * Both terms are summed over pixels or latent dimensions and averaged over the batch.
 */
public final class Vae implements ImageDecoder {
    private final VaeConfig config;
    private final NDManager manager;
    private final Encoder encoder;
    private final AbstractBlock decoder;

    private Vae(VaeConfig config, NDManager manager, Encoder encoder, AbstractBlock decoder) {
        this.config = config;
        this.manager = manager;
        this.encoder = encoder;
        this.decoder = decoder;
    }

    public static Vae create(VaeConfig config, long seed) {
        NativeRuntime.configure();
        NDManager manager = NDManager.newBaseManager();
        Encoder e = new Encoder(config);
        AbstractBlock d = Generator.decoderOf(config);
        Networks.initialize(e, manager, seed, e.inputShapes(2));
        Networks.initialize(d, manager, seed + 1, Generator.inputShapes(config.latentDim(), config.condition(), 2));
        return new Vae(config, manager, e, d);
    }

    public VaeConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    public Encoder encoder() {
        return encoder;
    }

    /** The decoder: a {@link Generator} (DCGAN up-stack) or a {@link LayeredDecoder}, by {@link VaeConfig#slots()}. */
    public AbstractBlock decoder() {
        return decoder;
    }

    @Override
    public ImageSpec image() {
        return config.image();
    }

    @Override
    public int latentDim() {
        return config.latentDim();
    }

    @Override
    public Condition condition() {
        return config.condition();
    }

    /**
     * The loss terms for images {@code x} (B, C, H, W in [0, 1]), conditions {@code c} (or null)
     * and noise {@code eps} (B, latentDim): NDList(total, reconstruction, kl, slots drawn, slot overlap).
     */
    public NDList loss(ParameterStore store, NDArray x, NDArray c, NDArray eps, boolean training) {
        return loss(store, x, c, eps, training, config.beta(), SlotPenalties.NONE);
    }

    /**
     * As {@link #loss(ParameterStore, NDArray, NDArray, NDArray, boolean)}, with the KL term weighted by
     * {@code beta}, and, for a {@link LayeredDecoder}, the slot penalties: total = reconstruction + β KL
     * + λ_presence Σ_k present_k + λ_overlap Σ_pixels Σ_{j<k} α_j α_k. The last two terms of the list are
     * the batch means of Σ_k present_k and of the overlap (0 for the convolutional decoder, which has no slots).
     */
    public NDList loss(ParameterStore store, NDArray x, NDArray c, NDArray eps, boolean training, double beta,
            SlotPenalties penalties) {
        long batch = x.getShape().get(0);
        NDList stats = encoder.forward(store, withCondition(x, c), training);
        NDArray mu = stats.get(0);
        NDArray logVar = stats.get(1);
        NDArray z = eps.mul(Scalars.mul(logVar, 0.5).exp()).add(mu);
        boolean layered = decoder instanceof LayeredDecoder;
        NDList decoded = layered
                ? decoder.forward(store, withCondition(z, c), training,
                        new PairList<>(List.of(LayeredDecoder.WITH_SLOT_TERMS), List.of(true)))
                : decoder.forward(store, withCondition(z, c), training);
        NDArray logits = decoded.get(0);
        // BCE with logits, stable form: max(l, 0) − l·x + log(1 + exp(−|l|)).
        NDArray bce = Scalars.maximum(logits, 0).sub(logits.mul(x)).add(logits.abs().neg().exp().add(1f).log());
        NDArray reconstruction = Scalars.div(bce.sum(), batch);
        NDArray kl = Scalars.mul(logVar.add(1f).sub(mu.square()).sub(logVar.exp()).sum(), -0.5 / batch);
        NDArray drawn = layered ? Scalars.div(decoded.get(1).sum(), batch) : kl.zerosLike();
        NDArray overlap = layered ? Scalars.div(decoded.get(2).sum(), batch) : kl.zerosLike();
        NDArray total = reconstruction.add(Scalars.mul(kl, beta))
                .add(Scalars.mul(drawn, penalties.presence())).add(Scalars.mul(overlap, penalties.overlap()));
        return new NDList(total, reconstruction, kl, drawn, overlap);
    }

    /** μ of q(z | x, c) for images {@code x} (CHW floats in [0, 1]): the encoding used by encode/reconstruct. */
    public synchronized float[] encode(float[] x, float[] c, int count) {
        ImageSpec s = config.image();
        try (NDManager scratch = manager.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray images = scratch.create(x, new Shape(count, s.channels(), s.size(), s.size()));
            NDArray cond = c == null ? null : scratch.create(c, new Shape(count, config.condition().dimension()));
            NDList stats = encoder.forward(new ParameterStore(scratch, false), withCondition(images, cond), false);
            return stats.get(0).toFloatArray();
        }
    }

    /** sigmoid(decoder(z, c)): the mean image of p(x | z, c). */
    @Override
    public synchronized float[] decode(float[] z, float[] c, int count) {
        try (NDManager scratch = manager.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray latent = scratch.create(z, new Shape(count, config.latentDim()));
            NDArray cond = c == null ? null : scratch.create(c, new Shape(count, config.condition().dimension()));
            NDArray logits = decoder.forward(new ParameterStore(scratch, false), withCondition(latent, cond), false)
                    .singletonOrThrow();
            return ai.djl.nn.Activation.sigmoid(logits).toFloatArray();
        }
    }

    private NDList withCondition(NDArray x, NDArray c) {
        return config.condition().present() ? new NDList(x, c) : new NDList(x);
    }

    @Override
    public void close() {
        manager.close();
    }
}
