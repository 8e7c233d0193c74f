package dev.atelier.vision.clip;

import dev.atelier.core.runtime.Scalars;
import ai.djl.ndarray.NDArray;

/**
 * CLIP's symmetric InfoNCE: cross-entropy over the rows (image to its text) and over the columns
 * (text to its image) of the scaled cosine matrix, averaged.
 *
 * <p>A batch may hold several images of the same fact (two scenes with one caption, ten MNIST
 * classes), so the target of each row is spread evenly over every matching column instead of
 * only the diagonal; with distinct captions it is exactly CLIP's loss.
 */
public final class ContrastiveLoss {

    private ContrastiveLoss() {
    }

    /**
     * @param images      L2-normalised {@code [B, D]}
     * @param texts       L2-normalised {@code [B, D]}
     * @param multiplier  the logit multiplier, {@code [1]}
     * @param same        {@code [B, B]}, 1 where image i and text j state the same fact (symmetric, ones on the diagonal)
     */
    public static NDArray loss(NDArray images, NDArray texts, NDArray multiplier, NDArray same) {
        NDArray logits = images.matMul(texts.transpose()).mul(multiplier);
        NDArray targets = same.div(same.sum(new int[] {1}, true));
        NDArray imageToText = logits.logSoftmax(1).mul(targets).sum(new int[] {1}).neg().mean();
        NDArray textToImage = logits.transpose().logSoftmax(1).mul(targets).sum(new int[] {1}).neg().mean();
        return Scalars.div(imageToText.add(textToImage), 2);
    }
}
