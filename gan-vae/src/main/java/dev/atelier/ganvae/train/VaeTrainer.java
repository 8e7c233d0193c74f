package dev.atelier.ganvae.train;

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
import dev.atelier.ganvae.model.Noise;
import dev.atelier.ganvae.model.SlotPenalties;
import dev.atelier.ganvae.model.Vae;
import dev.atelier.ganvae.model.VaeConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains a (conditional) VAE on the negative ELBO of {@link Vae#loss} with Adam (lr 1e-3 as in
 * pytorch/examples; optionally on a cosine schedule). The reparameterisation noise ε is drawn on the JVM from (seed, step), so a
 * resumed run continues exactly. Resumes from {@code out/checkpoint} when it is there.
 */
public final class VaeTrainer {
    private static final System.Logger LOG = System.getLogger(VaeTrainer.class.getName());

    private final VaeConfig config;
    private final TrainingData data;
    private final TrainingOptions options;
    private final ProgressListener listener;

    /** What a run produced. */
    public record Result(Vae vae, LossLog log, long steps, double imagesPerSecond, boolean collapseWarned,
            double lastDiversity) {
    }

    public VaeTrainer(VaeConfig config, TrainingData data, TrainingOptions options, ProgressListener listener) {
        data.requireFits(config.image(), config.condition());
        if (config.slots() == 0 && !options.slotPenalties().equals(SlotPenalties.NONE)) {
            throw AtelierException.invalidArgument("slotPenalties",
                    "slot penalties need a layered decoder (--slots 1 or more); this VAE has the convolutional one");
        }
        this.config = config;
        this.data = data;
        this.options = options;
        this.listener = listener;
    }

    public Result train() {
        Vae vae = Vae.create(config, options.seed());
        NDManager manager = vae.manager();
        Adam adam = new Adam(options.learningRate(), options.beta1(), 0.999, vae.encoder(), vae.decoder());
        Map<String, AbstractBlock> blocks = Map.of("encoder", vae.encoder(), "decoder", vae.decoder());
        Map<String, Adam> optimizers = Map.of("vae", adam);
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
        int conditionDim = config.condition().dimension();
        float[] real = new float[batch * config.image().pixels()];
        float[] cond = new float[batch * Math.max(1, conditionDim)];
        Shape imageShape = new Shape(batch, config.image().channels(), config.image().size(), config.image().size());
        boolean warned = false;
        double diversity = Double.NaN;
        long images = 0;
        long t0 = System.nanoTime();
        try (Progress progress = Progress.start("train VAE", options.steps(), "steps", listener)) {
            progress.set(start);
            for (long step = start; step < options.steps(); step++) {
                int[] indices = order.indices(step);
                data.images(indices, real);
                if (conditional) {
                    data.conditions(indices, cond);
                }
                float[] eps = Noise.batch(options.seed(), step, 1, batch * config.latentDim(), 0);
                float total;
                float reconstruction;
                float kl;
                float drawn;
                float overlap;
                try (NDManager scratch = manager.newSubManager(); NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    ParameterStore store = new ParameterStore(scratch, false);
                    NDArray x = scratch.create(real, imageShape);
                    NDArray c = conditional ? scratch.create(cond, new Shape(batch, conditionDim)) : null;
                    NDArray e = scratch.create(eps, new Shape(batch, config.latentDim()));
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDList loss = vae.loss(store, x, c, e, true, options.klWeightAt(step, config.beta()),
                                options.slotPenalties());
                        collector.backward(loss.get(0));
                        total = loss.get(0).getFloat();
                        reconstruction = loss.get(1).getFloat();
                        kl = loss.get(2).getFloat();
                        drawn = loss.get(3).getFloat();
                        overlap = loss.get(4).getFloat();
                    }
                    adam.setLearningRate(options.learningRateAt(step));
                    adam.step();
                }
                images += batch;
                double seconds = (System.nanoTime() - t0) / 1e9;
                Map<String, Double> losses = new LinkedHashMap<>();
                losses.put("loss", (double) total);
                losses.put("reconstruction", (double) reconstruction);
                losses.put("kl", (double) kl);
                log.add(step + 1, losses);
                progress.metric("loss", total);
                progress.metric("rec", reconstruction);
                progress.metric("kl", kl);
                if (config.slots() > 0) {
                    progress.metric("slots", drawn); // mean Σ_k present_k: objects drawn per image
                    progress.metric("overlap", overlap); // pixels two slots both cover, per image
                }
                progress.metric("img/s", images / seconds);
                progress.step();
                if (!Float.isFinite(total)) {
                    throw AtelierException.internal("training diverged at step " + (step + 1), null);
                }
                long done = step + 1;
                if (done % options.sampleEvery() == 0 || done == options.steps()) {
                    diversity = preview.write(vae, options.out(), done);
                    progress.metric("diversity", diversity);
                    if (monitor.observe(done, diversity) && !warned) {
                        warned = true;
                        String message = String.format("possible posterior/mode collapse at step %d: sample diversity "
                                + "%.3f is below %.0f%% of its early value %.3f", done, diversity,
                                100 * options.collapseFraction(), monitor.reference());
                        LOG.log(System.Logger.Level.WARNING, message);
                        progress.message(message);
                    }
                    LossCurve.write(log, "VAE loss (negative ELBO per image)", options.out().resolve("loss.png"));
                }
                if (done % options.checkpointEvery() == 0 || done == options.steps()) {
                    Checkpoint.save(checkpointDir, new Checkpoint.State(done, monitor.reference(),
                            Checkpoint.JSON.valueToTree(config)), blocks, optimizers, log);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.writeCsv(options.out().resolve("loss.csv"));
        LossCurve.write(log, "VAE loss (negative ELBO per image)", options.out().resolve("loss.png"));
        return new Result(vae, log, options.steps(), images / Math.max(seconds, 1e-9), warned, diversity);
    }
}
