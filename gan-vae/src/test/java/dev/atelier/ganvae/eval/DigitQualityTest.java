package dev.atelier.ganvae.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.core.model.ModelManifest;
import dev.atelier.ganvae.TestPaths;
import dev.atelier.ganvae.sample.GeneratorModel;
import dev.atelier.ganvae.sample.Sampler;
import dev.atelier.vision.mnist.Mnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The class-conditional digit generators, judged by the separately trained classifier (never by a
 * discriminator). Needs the real MNIST test set from ../shared; skipped without it.
 */
class DigitQualityTest {
    static final String CLASSIFIER = "mnist-digit-classifier";
    static final double CLASSIFIER_BAR = 0.99;
    static final double GENERATED_BAR = 0.95;

    static Path mnist() {
        Path folder = TestPaths.mnist();
        assumeTrue(Files.isDirectory(folder), "../shared/data/mnist is not present");
        assumeTrue(Files.isDirectory(TestPaths.model(CLASSIFIER)), "the digit classifier is not committed");
        return folder;
    }

    @Test
    void theJudgeReadsRealTestDigitsAtLeast99PercentRight() {
        Path folder = mnist();
        try (DigitClassifier classifier = DigitClassifier.load(TestPaths.model(CLASSIFIER))) {
            double accuracy = classifier.accuracy(Mnist.test(folder));
            assertEquals(ModelManifest.read(TestPaths.model(CLASSIFIER)).metrics().get("test_accuracy"), accuracy, 1e-12);
            assertTrue(accuracy >= CLASSIFIER_BAR, "classifier test accuracy " + accuracy + "; the bar is " + CLASSIFIER_BAR);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist-class-gan", "mnist-class-vae"})
    void theManifestFiguresOfGeneratedDigitsAreReproduced(String name) {
        Path folder = mnist();
        assumeTrue(Files.isDirectory(TestPaths.model(name)), name + " is not committed");
        Map<String, Double> metrics = ModelManifest.read(TestPaths.model(name)).metrics();
        try (DigitClassifier classifier = DigitClassifier.load(TestPaths.model(CLASSIFIER));
                GeneratorModel model = GeneratorModel.load(TestPaths.model(name))) {
            DigitEvaluation.Report r = DigitEvaluation.run(new Sampler(model.decoder()), model.condition(), classifier,
                    Mnist.test(folder), Mnist.train(folder), metrics.get("generated_per_class").intValue());
            assertEquals(metrics.get("classifier_accuracy_on_generated"), r.accuracy(), 1e-12);
            assertEquals(metrics.get("frechet_distance_classifier_features_vs_test"), r.frechet(), 1e-6);
            assertTrue(r.diversity() > 0.25 * r.realDiversity(), "diversity " + r.diversity() + " vs real "
                    + r.realDiversity());
        }
    }

    @Test
    void theDigitVaesGeneratedDigitsAreTheRequestedClassAtLeast95PercentOfTheTime() {
        generatedDigitsAreTheRequestedClassAtLeast95PercentOfTheTime("mnist-class-vae");
    }

    @Test
    void theDigitGansGeneratedDigitsAreTheRequestedClassAtLeast95PercentOfTheTime() {
        generatedDigitsAreTheRequestedClassAtLeast95PercentOfTheTime("mnist-class-gan");
    }

    /** Reads the manifest's figure, which theManifestFiguresOfGeneratedDigitsAreReproduced recomputes. */
    private static void generatedDigitsAreTheRequestedClassAtLeast95PercentOfTheTime(String name) {
        assumeTrue(Files.isDirectory(TestPaths.model(name)), name + " is not committed");
        double accuracy = ModelManifest.read(TestPaths.model(name)).metrics().get("classifier_accuracy_on_generated");
        assertTrue(accuracy >= GENERATED_BAR, name + ": the classifier labels " + accuracy
                + " of generated digits as requested; the bar is " + GENERATED_BAR);
    }
}
