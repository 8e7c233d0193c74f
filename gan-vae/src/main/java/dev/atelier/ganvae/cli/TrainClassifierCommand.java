package dev.atelier.ganvae.cli;

import dev.atelier.core.model.ManifestBuilder;
import dev.atelier.core.model.ModelManifest;
import dev.atelier.core.progress.ConsoleProgress;
import dev.atelier.ganvae.eval.DigitClassifier;
import dev.atelier.vision.mnist.Mnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train-classifier", mixinStandardHelpOptions = true,
        description = {"Train the independent digit classifier that judges class-conditional digit generators "
                + "(accuracy on generated digits, Fréchet distance in its feature space).",
                "Trained on the real MNIST training set only; writes the model folder with its test accuracy."})
final class TrainClassifierCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--mnist", required = true, description = "Folder with the four MNIST files.")
    Path mnist;

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--to", required = true, description = "Model folder to write, e.g. models/mnist-digit-classifier.")
    Path to;

    @Override
    public Integer call() throws IOException {
        Mnist train = Mnist.train(mnist);
        Mnist test = Mnist.test(mnist);
        try (ConsoleProgress console = ConsoleProgress.create();
                DigitClassifier classifier = DigitClassifier.train(train, epochs, seed, console)) {
            double accuracy = classifier.accuracy(test);
            Files.createDirectories(to);
            classifier.save(to);
            ManifestBuilder manifest = ModelManifest.builder(to).task("image-classification").format("djl")
                    .license("CC-BY-SA-3.0")
                    .description("LeNet-style digit classifier (conv20-pool-conv40-pool-fc64-fc10): the independent "
                            + "judge of generated digits; its 64-d features give the Fréchet distance")
                    .command(CommandLines.of(spec))
                    .data("MNIST training set (60,000 digits, ../shared/data/mnist); measured on the 10,000 test digits")
                    .parameters(classifier.parameterCount())
                    .metric("test_accuracy", accuracy);
            for (String f : DigitClassifier.files()) {
                manifest.file(f);
            }
            manifest.write();
            System.out.printf("test accuracy %.4f; wrote %s%n", accuracy, to);
        }
        return 0;
    }
}
