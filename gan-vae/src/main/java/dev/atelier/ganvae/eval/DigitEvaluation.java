package dev.atelier.ganvae.eval;

import dev.atelier.ganvae.model.Condition;
import dev.atelier.ganvae.sample.Prompts;
import dev.atelier.ganvae.sample.Sampler;
import dev.atelier.ganvae.train.CollapseMonitor;
import dev.atelier.vision.mnist.Mnist;

/**
 * Judges a class-conditional digit generator with the independent {@link DigitClassifier}:
 * the fraction of generated digits it labels as the requested class (Ravuri and Vinyals 2019), and
 * the Fréchet distance in its 64-d feature space between generated digits and the real test set,
 * next to the same distance for real training digits (the floor a perfect generator would reach).
 * Not comparable with Inception-based FIDs.
 */
public final class DigitEvaluation {

    /** Figures of one evaluation; diversities are mean pairwise distances of 16 images of one class, averaged over classes. */
    public record Report(int perClass, double accuracy, double frechet, double frechetTrainVsTest, double diversity,
            double realDiversity) {
    }

    private DigitEvaluation() {
    }

    /** Digits of class c use seed c, images 0 .. perClass−1. */
    public static float[] generate(Sampler sampler, Condition condition, int perClass) {
        int pixels = 28 * 28;
        float[] all = new float[10 * perClass * pixels];
        for (int c = 0; c < 10; c++) {
            float[] images = sampler.sample(Prompts.classRow(condition, c), perClass, c, 0);
            System.arraycopy(images, 0, all, c * perClass * pixels, perClass * pixels);
        }
        return all;
    }

    public static Report run(Sampler sampler, Condition condition, DigitClassifier classifier, Mnist test, Mnist train,
            int perClass) {
        int pixels = 28 * 28;
        float[] generated = generate(sampler, condition, perClass);
        DigitClassifier.Output out = classifier.classify(generated, 10 * perClass);
        int right = 0;
        for (int i = 0; i < 10 * perClass; i++) {
            right += out.predicted()[i] == i / perClass ? 1 : 0;
        }
        DigitClassifier.Output real = classifier.classify(DigitClassifier.images(test), test.count());
        Mnist trainPart = train.head(test.count());
        DigitClassifier.Output realTrain = classifier.classify(DigitClassifier.images(trainPart), trainPart.count());
        int f = DigitClassifier.FEATURES;
        double frechet = FrechetDistance.between(out.features(), 10 * perClass, real.features(), test.count(), f);
        double reference = FrechetDistance.between(realTrain.features(), trainPart.count(), real.features(),
                test.count(), f);
        double diversity = 0;
        for (int c = 0; c < 10; c++) {
            diversity += CollapseMonitor.meanPairwiseDistance(generated, c * perClass * pixels, Math.min(16, perClass),
                    pixels);
        }
        return new Report(perClass, right / (10.0 * perClass), frechet, reference, diversity / 10,
                realDiversity(test));
    }

    /** The same diversity statistic on the first 16 real test digits of each class. */
    static double realDiversity(Mnist test) {
        int pixels = 28 * 28;
        float[] all = DigitClassifier.images(test);
        double sum = 0;
        for (int c = 0; c < 10; c++) {
            float[] picked = new float[16 * pixels];
            int n = 0;
            for (int i = 0; i < test.count() && n < 16; i++) {
                if (test.label(i) == c) {
                    System.arraycopy(all, i * pixels, picked, n++ * pixels, pixels);
                }
            }
            sum += CollapseMonitor.meanPairwiseDistance(picked, 0, n, pixels);
        }
        return sum / 10;
    }
}
