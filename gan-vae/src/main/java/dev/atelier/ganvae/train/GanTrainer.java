package dev.atelier.ganvae.train;

import dev.atelier.core.runtime.Scalars;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.Progress;
import dev.atelier.core.progress.ProgressListener;
import dev.atelier.ganvae.data.TrainingData;
import dev.atelier.ganvae.model.DiscriminatorCondition;
import dev.atelier.ganvae.model.Gan;
import dev.atelier.ganvae.model.GanConfig;
import dev.atelier.ganvae.model.Noise;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a DCGAN, or a conditional one, with the standard non-saturating losses (binary
 * cross-entropy on logits). One step:
 *
 * <pre>
 *   D, unconditional or projection discriminator (Miyato and Koyama 2018):
 *      maximise log D(x, c) + log(1 − D(G(z, c), c))
 *   D, GAN-INT-CLS concatenation (Reed et al. 2016), with the matching-aware term (ĉ a wrong condition;
 *      optional for the projection discriminator, {@link TrainingOptions#wrongConditionTerm}):
 *      maximise log D(x, c) + ½ [log(1 − D(x, ĉ)) + log(1 − D(G(z, c), c))]
 *   G: maximise log D(G(z, c'), c'), where c' = c, or, with GAN-INT ({@link ConditionInterpolation},
 *      by default for text only), half the batch interpolates two conditions (β = ½), so G also
 *      learns the space between captions
 * </pre>
 *
 * Adam with lr 2e-4 and β1 0.5 for both. Resumes from {@code out/checkpoint} when it is there.
 */
public final class GanTrainer {
    private static final System.Logger LOG = System.getLogger(GanTrainer.class.getName());

    private final GanConfig config;
    private final TrainingData data;
    private final TrainingOptions options;
    private final ProgressListener listener;

    /** What a run produced. */
    public record Result(Gan gan, LossLog log, long steps, double imagesPerSecond, boolean collapseWarned,
            double lastDiversity) {
    }

    public GanTrainer(GanConfig config, TrainingData data, TrainingOptions options, ProgressListener listener) {
        data.requireFits(config.image(), config.condition());
        this.config = config;
        this.data = data;
        this.options = options;
        this.listener = listener;
    }

    public Result train() {
        Gan gan = Gan.create(config, options.seed());
        NDManager manager = gan.manager();
        Adam adamG = new Adam(options.learningRate(), options.beta1(), 0.999, gan.generator());
        Adam adamD = new Adam(options.learningRate(), options.beta1(), 0.999, gan.discriminator());
        Map<String, AbstractBlock> blocks = Map.of("generator", gan.generator(), "discriminator", gan.discriminator());
        Map<String, Adam> optimizers = Map.of("generator", adamG, "discriminator", adamD);
        Path checkpointDir = options.checkpointDir();
        CollapseMonitor monitor = new CollapseMonitor(options.collapseFraction(), options.sampleEvery());
        long start = 0;
        LossLog log = new LossLog();
        if (Checkpoint.exists(checkpointDir)) {
            Checkpoint.State state = Checkpoint.load(checkpointDir, manager, blocks, optimizers);
            if (!Checkpoint.JSON.valueToTree(config).equals(state.config())) {
                throw AtelierException.invalidArgument("config", "the checkpoint in " + checkpointDir
                        + " was made with another model config: " + state.config());
            }
            start = state.step();
            monitor.restore(state.collapseReference());
            log = Checkpoint.log(checkpointDir);
            LOG.log(System.Logger.Level.INFO, "resuming from step " + start);
        }
        int batch = options.batchSize();
        BatchOrder order = new BatchOrder(data.size(), batch, options.seed());
        Preview preview = new Preview(data, config.latentDim());
        boolean conditional = config.condition().present();
        boolean matchingAware = conditional && (config.discriminatorCondition() == DiscriminatorCondition.CONCAT
                || options.wrongConditionTerm());
        boolean interpolate = options.interpolation().appliesTo(config.condition());
        int conditionDim = config.condition().dimension();
        float[] real = new float[batch * config.image().pixels()];
        float[] cond = new float[batch * Math.max(1, conditionDim)];
        float[] wrong = new float[batch * Math.max(1, conditionDim)];
        Shape imageShape = new Shape(batch, config.image().channels(), config.image().size(), config.image().size());
        Shape condShape = new Shape(batch, conditionDim);
        boolean warned = false;
        double diversity = Double.NaN;
        long images = 0;
        long t0 = System.nanoTime();
        try (Progress progress = Progress.start("train GAN", options.steps(), "steps", listener)) {
            progress.set(start);
            for (long step = start; step < options.steps(); step++) {
                int[] indices = order.indices(step);
                data.images(indices, real);
                float[] z = Noise.batch(options.seed(), step * 2, 1, batch * config.latentDim(), 0);
                float[] zInterpolated = !interpolate ? null : Noise.batch(options.seed(), step * 2 + 1, 1, batch * config.latentDim(), 0);
                if (conditional) {
                    data.conditions(indices, cond);
                    if (matchingAware) {
                        data.mismatchedConditions(indices, Noise.random(options.seed() ^ 0xBADL, step), wrong);
                    }
                }
                float lossD;
                float lossG;
                try (NDManager scratch = manager.newSubManager(); NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    ParameterStore store = new ParameterStore(scratch, false);
                    NDArray x = scratch.create(real, imageShape).mul(2f).sub(1f);
                    NDArray noise = scratch.create(z, new Shape(batch, config.latentDim()));
                    NDArray c = conditional ? scratch.create(cond, condShape) : null;
                    NDArray cWrong = matchingAware ? scratch.create(wrong, condShape) : null;

                    // Discriminator step; the fakes are made outside the collector: no gradient reaches G.
                    NDArray fake = gan.generator().forward(store, inputs(noise, c), true).singletonOrThrow();
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray onReal = score(gan, store, x, c);
                        NDArray onFake = score(gan, store, fake, c);
                        NDArray loss;
                        if (matchingAware) {
                            NDArray onWrong = score(gan, store, x, cWrong);
                            loss = bce(onReal, true).add(Scalars.mul(bce(onWrong, false).add(bce(onFake, false)), 0.5));
                        } else {
                            loss = bce(onReal, true).add(bce(onFake, false));
                        }
                        collector.backward(loss);
                        lossD = loss.getFloat();
                    }
                    adamD.step();

                    // Generator step.
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray cG = c;
                        NDArray zG = noise;
                        if (interpolate) {
                            // GAN-INT: the second half of the batch gets ½ (c_i + c_{i+1}) and its own noise.
                            int half = batch / 2;
                            NDArray rolled = c.get(half + 1 + ":").concat(c.get(half + ":" + (half + 1)), 0);
                            NDArray mixed = c.get(half + ":").add(rolled).mul(0.5f);
                            cG = c.get(":" + half).concat(mixed, 0);
                            NDArray zOther = scratch.create(zInterpolated, new Shape(batch, config.latentDim()));
                            zG = noise.get(":" + half).concat(zOther.get(half + ":"), 0);
                        }
                        NDArray generated = gan.generator().forward(store, inputs(zG, cG), true).singletonOrThrow();
                        NDArray loss = bce(score(gan, store, generated, cG), true);
                        collector.backward(loss);
                        lossG = loss.getFloat();
                    }
                    adamG.step();
                    adamD.zeroGradients();
                }
                images += batch;
                double seconds = (System.nanoTime() - t0) / 1e9;
                Map<String, Double> losses = new LinkedHashMap<>();
                losses.put("discriminator", (double) lossD);
                losses.put("generator", (double) lossG);
                log.add(step + 1, losses);
                progress.metric("D", lossD);
                progress.metric("G", lossG);
                progress.metric("img/s", images / seconds);
                progress.step();
                if (!Float.isFinite(lossD) || !Float.isFinite(lossG)) {
                    throw AtelierException.internal("training diverged at step " + (step + 1) + " (loss D " + lossD
                            + ", G " + lossG + ")", null);
                }
                long done = step + 1;
                if (done % options.sampleEvery() == 0 || done == options.steps()) {
                    diversity = preview.write(gan, options.out(), done);
                    progress.metric("diversity", diversity);
                    if (monitor.observe(done, diversity) && !warned) {
                        warned = true;
                        String message = String.format("possible mode collapse at step %d: sample diversity %.3f is "
                                + "below %.0f%% of its early value %.3f", done, diversity,
                                100 * options.collapseFraction(), monitor.reference());
                        LOG.log(System.Logger.Level.WARNING, message);
                        progress.message(message);
                    }
                    LossCurve.write(log, "GAN losses", options.out().resolve("loss.png"));
                }
                if (done % options.checkpointEvery() == 0 || done == options.steps()) {
                    Checkpoint.save(checkpointDir, new Checkpoint.State(done, monitor.reference(),
                            Checkpoint.JSON.valueToTree(config)), blocks, optimizers, log);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.writeCsv(options.out().resolve("loss.csv"));
        LossCurve.write(log, "GAN losses", options.out().resolve("loss.png"));
        return new Result(gan, log, options.steps(), images / Math.max(seconds, 1e-9), warned, diversity);
    }

    private static NDList inputs(NDArray x, NDArray c) {
        return c == null ? new NDList(x) : new NDList(x, c);
    }

    private static NDArray score(Gan gan, ParameterStore store, NDArray x, NDArray c) {
        return gan.discriminator().forward(store, inputs(x, c), true).singletonOrThrow();
    }

    /** Binary cross-entropy of logits against all-real or all-fake labels: mean softplus(∓logit). */
    static NDArray bce(NDArray logits, boolean real) {
        NDArray signed = real ? logits.neg() : logits;
        return Scalars.maximum(signed, 0).add(signed.abs().neg().exp().add(1f).log()).mean();
    }
}
