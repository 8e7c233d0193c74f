package dev.atelier.ganvae.cli;

import dev.atelier.core.progress.ConsoleProgress;
import dev.atelier.ganvae.data.TrainingData;
import dev.atelier.ganvae.model.Networks;
import dev.atelier.ganvae.model.SlotPenalties;
import dev.atelier.ganvae.model.VaeConfig;
import dev.atelier.ganvae.sample.ModelDescription;
import dev.atelier.ganvae.train.RunInfo;
import dev.atelier.ganvae.train.TrainingOptions;
import dev.atelier.ganvae.train.VaeTrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train-vae", mixinStandardHelpOptions = true,
        description = {"Train a convolutional VAE (unconditional), or a conditional VAE on labelled digits or on "
                + "Shapes captions (--shapes).",
                "Writes OUT/samples/step-N.png (fixed noise), OUT/loss.png, OUT/loss.csv and a resumable "
                        + "OUT/checkpoint; run the same command again to continue an interrupted run."})
final class TrainVaeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--out", required = true, description = "Run folder (checkpoint, samples, curves).")
    Path out;

    @Option(names = "--steps", defaultValue = "5000", description = "Training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of weights, noise and batch order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--latent", defaultValue = "20", description = "Latent dimension (default: ${DEFAULT-VALUE}).")
    int latent;

    @Option(names = "--width", defaultValue = "32", description = "Encoder/decoder width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--beta", defaultValue = "1.0", description = "Weight of the KL term (default: ${DEFAULT-VALUE}: the plain VAE).")
    double beta;

    @Option(names = "--kl-warmup", defaultValue = "0",
            description = "Steps over which the KL weight grows linearly from 0 to --beta (KL annealing), so that the decoder "
                    + "learns to use z before the KL term can collapse q(z | x) onto the prior (default: ${DEFAULT-VALUE}: none).")
    int klWarmup;

    @Option(names = "--slots", defaultValue = "0",
            description = "0: the DCGAN decoder (default). N ≥ 1: a layered decoder that paints N object layers, each one "
                    + "flat colour through its own mask, over a black canvas (for scenes of a few objects, e.g. Shapes).")
    int slots;

    @Option(names = "--presence-penalty", defaultValue = "0",
            description = "With --slots: nats charged per slot drawn in each image, a prior on the object count "
                    + "(default: ${DEFAULT-VALUE}).")
    double presencePenalty;

    @Option(names = "--overlap-penalty", defaultValue = "0",
            description = "With --slots: nats charged per pixel that two slots both cover, a prior that objects do not overlap "
                    + "(true of Shapes), so that one object is not drawn by two slots on top of each other (default: ${DEFAULT-VALUE}).")
    double overlapPenalty;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--lr-schedule", defaultValue = "constant",
            description = "constant, or cosine: decay the learning rate to 0 over --steps on half a cosine (default: ${DEFAULT-VALUE}).")
    LearningRateSchedule schedule;

    enum LearningRateSchedule { constant, cosine }

    @Option(names = "--sample-every", defaultValue = "0", description = "Steps between sample grids (default: steps/20).")
    int sampleEvery;

    @Option(names = "--checkpoint-every", defaultValue = "0", description = "Steps between checkpoints (default: steps/10).")
    int checkpointEvery;

    @Override
    public Integer call() {
        try (ConsoleProgress console = ConsoleProgress.create()) {
            // Options first: a bad one is reported before the data is read.
            TrainingOptions options = TrainingOptions.vae(steps, batch, seed, out).withLearningRate(learningRate)
                    .withCosineDecay(schedule == LearningRateSchedule.cosine).withKlWarmup(klWarmup)
                    .withSlotPenalties(new SlotPenalties(presencePenalty, overlapPenalty));
            if (sampleEvery > 0) {
                options = options.withSampleEvery(sampleEvery);
            }
            if (checkpointEvery > 0) {
                options = options.withCheckpointEvery(checkpointEvery);
            }
            TrainingData training = data.load(out, console);
            VaeConfig config = VaeConfig.builder().setImage(training.image().channels(), training.image().size())
                    .optLatentDim(latent).optCondition(training.condition()).optWidth(width).optBeta(beta).optSlots(slots).build();
            System.out.println("data: " + training.describe());
            new RunInfo(new ModelDescription(ModelDescription.VAE, null, config, DataOptions.classes(training),
                    DataOptions.textEncoder(training), DataOptions.vocabulary(training)), training.describe(),
                    CommandLines.of(spec), steps).write(out);
            VaeTrainer.Result result = new VaeTrainer(config, training, options, console).train();
            try (var vae = result.vae()) {
                System.out.printf("trained %d steps, %.1f images/s; encoder %,d parameters, decoder %,d%n",
                        result.steps(), result.imagesPerSecond(), Networks.parameterCount(vae.encoder()),
                        Networks.parameterCount(vae.decoder()));
                System.out.printf("final loss %.2f (reconstruction %.2f, KL %.2f); sample diversity %.3f%s%n",
                        result.log().recentMean("loss", 50), result.log().recentMean("reconstruction", 50),
                        result.log().recentMean("kl", 50), result.lastDiversity(),
                        result.collapseWarned() ? " (collapse was flagged)" : "");
            }
        }
        return 0;
    }
}
