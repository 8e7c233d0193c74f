package dev.atelier.ganvae.cli;

import dev.atelier.core.progress.ConsoleProgress;
import dev.atelier.ganvae.data.TrainingData;
import dev.atelier.ganvae.model.GanConfig;
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

    @Option(names = "--d-width", defaultValue = "64", description = "Discriminator width: channels of its first layer (default: ${DEFAULT-VALUE}).")
    int discriminatorWidth;

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
                    .optLatentDim(latent).optCondition(training.condition()).optGeneratorWidth(generatorWidth)
                    .optDiscriminatorWidth(discriminatorWidth).build();
            TrainingOptions options = TrainingOptions.gan(steps, batch, seed, out).withLearningRate(learningRate);
            if (sampleEvery > 0) {
                options = options.withSampleEvery(sampleEvery);
            }
            if (checkpointEvery > 0) {
                options = options.withCheckpointEvery(checkpointEvery);
            }
            System.out.println("data: " + training.describe());
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
