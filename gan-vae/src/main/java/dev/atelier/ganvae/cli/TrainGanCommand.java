package dev.atelier.ganvae.cli;

import dev.atelier.core.progress.ConsoleProgress;
import dev.atelier.ganvae.data.TrainingData;
import dev.atelier.ganvae.model.DiscriminatorCondition;
import dev.atelier.ganvae.model.GanConfig;
import dev.atelier.ganvae.train.ConditionInterpolation;
import dev.atelier.ganvae.model.Networks;
import dev.atelier.ganvae.train.GanTrainer;
import dev.atelier.ganvae.train.TrainingOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import dev.atelier.ganvae.sample.ModelDescription;
import dev.atelier.ganvae.train.RunInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train-gan", mixinStandardHelpOptions = true,
        description = {"Train a DCGAN (unconditional), a class-conditional GAN (labelled digits) or a GAN-INT-CLS "
                + "text-to-image GAN (--shapes).",
                "Writes OUT/samples/step-N.png (fixed noise), OUT/loss.png, OUT/loss.csv and a resumable "
                        + "OUT/checkpoint; run the same command again to continue an interrupted run.",
                "Use one PyTorch thread on shared machines: ATELIER_JAVA_OPTS='-Dai.djl.pytorch.num_threads=1 "
                        + "-Dai.djl.pytorch.num_interop_threads=1'."})
final class TrainGanCommand implements Callable<Integer> {

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

    @Option(names = "--latent", defaultValue = "100", description = "Noise dimension (default: ${DEFAULT-VALUE}).")
    int latent;

    @Option(names = "--g-width", defaultValue = "64", description = "Generator width: channels of its last hidden layer (default: ${DEFAULT-VALUE}).")
    int generatorWidth;

    @Option(names = "--slots", defaultValue = "0",
            description = "0: the DCGAN generator (default). N ≥ 1: a layered generator that paints N object layers, each one "
                    + "flat colour through its own mask, over a black canvas (for scenes of a few objects, e.g. Shapes).")
    int slots;

    @Option(names = "--d-width", defaultValue = "64", description = "Discriminator width: channels of its first layer (default: ${DEFAULT-VALUE}).")
    int discriminatorWidth;

    @Option(names = "--d-condition", paramLabel = "concat|projection",
            description = {"How the discriminator sees the condition: 'projection' (Miyato and Koyama 2018: the logit "
                    + "adds the inner product of a learned class embedding with D's pooled features, so class fidelity is "
                    + "part of every real/fake judgement) or 'concat' (GAN-INT-CLS, Reed et al. 2016: the condition "
                    + "concatenated to D's features, plus the 'real image, wrong condition' term).",
                    "Default: projection for class conditions (--mnist, --idx-labels), concat for text (--shapes)."})
    String discriminatorCondition;

    @Option(names = "--gan-int", paramLabel = "text|always|never", defaultValue = "text",
            description = {"Which conditions the generator also trains on interpolated (GAN-INT: half of each batch gets "
                    + "the mean of two conditions). Meaningful for sentence embeddings; the mean of two one-hot classes "
                    + "names no class (default: ${DEFAULT-VALUE}, i.e. text conditions only).",
                    "The first mnist-class-gan was trained with --d-condition concat --gan-int always."})
    String ganInt;

    @Option(names = "--wrong-class-term", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With --d-condition projection, also train D on real images paired with a wrong condition "
                    + "as fakes (GAN-INT-CLS's matching-aware term; concat always has it). Default: on; "
                    + "--no-wrong-class-term is the projection discriminator alone, as in Miyato and Koyama.")
    boolean wrongConditionTerm;

    @Option(names = "--lr", defaultValue = "2e-4", description = "Adam learning rate (default: ${DEFAULT-VALUE}; β1 is 0.5).")
    double learningRate;

    @Option(names = "--sample-every", defaultValue = "0", description = "Steps between sample grids (default: steps/20).")
    int sampleEvery;

    @Option(names = "--checkpoint-every", defaultValue = "0", description = "Steps between checkpoints (default: steps/10).")
    int checkpointEvery;

    @Override
    public Integer call() {
        try (ConsoleProgress console = ConsoleProgress.create()) {
            TrainingData training = data.load(out, console);
            GanConfig config = GanConfig.builder().setImage(training.image().channels(), training.image().size())
                    .optLatentDim(latent).optCondition(training.condition()).optGeneratorWidth(generatorWidth).optSlots(slots)
                    .optDiscriminatorWidth(discriminatorWidth)
                    .optDiscriminatorCondition(discriminatorCondition == null ? null
                            : DiscriminatorCondition.parse(discriminatorCondition))
                    .build();
            TrainingOptions options = TrainingOptions.gan(steps, batch, seed, out).withLearningRate(learningRate)
                    .withInterpolation(ConditionInterpolation.parse(ganInt)).withWrongConditionTerm(wrongConditionTerm);
            if (sampleEvery > 0) {
                options = options.withSampleEvery(sampleEvery);
            }
            if (checkpointEvery > 0) {
                options = options.withCheckpointEvery(checkpointEvery);
            }
            System.out.println("data: " + training.describe());
            if (config.condition().present()) {
                System.out.println("conditioning: discriminator " + config.discriminatorCondition().name()
                        .toLowerCase(java.util.Locale.ROOT) + ", GAN-INT interpolation "
                        + (options.interpolation().appliesTo(config.condition()) ? "on" : "off")
                        + (config.discriminatorCondition() == DiscriminatorCondition.PROJECTION
                                ? ", wrong-class term " + (options.wrongConditionTerm() ? "on" : "off") : ""));
            }
            new RunInfo(new ModelDescription(ModelDescription.GAN, config, null, DataOptions.classes(training),
                    DataOptions.textEncoder(training), DataOptions.vocabulary(training)), training.describe(),
                    CommandLines.of(spec), steps).write(out);
            GanTrainer.Result result = new GanTrainer(config, training, options, console).train();
            try (var gan = result.gan()) {
                System.out.printf("trained %d steps, %.1f images/s; generator %,d parameters, discriminator %,d%n",
                        result.steps(), result.imagesPerSecond(), Networks.parameterCount(gan.generator()),
                        Networks.parameterCount(gan.discriminator()));
                System.out.printf("final sample diversity %.3f%s%n", result.lastDiversity(),
                        result.collapseWarned() ? " (mode collapse was flagged)" : "");
            }
        }
        return 0;
    }
}
