package dev.atelier.ganvae.data;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.model.Condition;
import dev.atelier.ganvae.model.ImageSpec;
import java.util.SplittableRandom;

/**
 * Images to train on, with their conditions when the data has any. Images come out as CHW floats
 * in [0, 1] (the GAN rescales them to [-1, 1]); conditions as one row of {@code condition().dimension()}
 * floats per image.
 */
public interface TrainingData {

    ImageSpec image();

    int size();

    /** {@link Condition#NONE} for unlabelled images. */
    Condition condition();

    /** Refuses, before any training, a model built for other images or other conditions than these. */
    default void requireFits(ImageSpec modelImage, Condition modelCondition) {
        if (!modelImage.equals(image()) || !modelCondition.equals(condition())) {
            throw AtelierException.invalidArgument("config", "the model is for " + modelImage + " "
                    + modelCondition + " but the data is " + image() + " " + condition());
        }
    }

    /** Writes images {@code indices} into {@code out} ({@code indices.length * image().pixels()} floats). */
    void images(int[] indices, float[] out);

    /** Writes the conditions of {@code indices} into {@code out}. */
    void conditions(int[] indices, float[] out);

    /**
     * Writes, for each of {@code indices}, a condition that does not describe it (another
     * example's caption or another class): GAN-INT-CLS's "real image, wrong text" pairs.
     */
    void mismatchedConditions(int[] indices, SplittableRandom random, float[] out);

    /** What the data is, for the manifest: source, count, a hash where there is one. */
    String describe();

    /** Conditions for the rows of the progress grid (one row per condition); empty when unconditional. */
    float[] previewConditions(int rows);

    /** What each preview row shows ("digit 3", a caption), written next to the grid. */
    java.util.List<String> previewLabels(int rows);
}
