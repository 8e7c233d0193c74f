package dev.atelier.vision.zeroshot;

/** One label's cosine to the image and its softmax probability over the label set. */
public record LabelScore(String label, float cosine, float probability) {
}
