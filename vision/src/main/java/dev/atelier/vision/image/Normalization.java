package dev.atelier.vision.image;

import dev.atelier.core.error.AtelierException;

/**
 * Per-channel (R, G, B) mean and standard deviation applied to pixel values scaled to [0, 1]:
 * {@code t = (v / 255 - mean) / std}.
 */
public record Normalization(double[] mean, double[] std) {

    /** Values in [0, 1]. */
    public static final Normalization UNIT = of(0, 0, 0, 1, 1, 1);
    /** Values in [-1, 1], what tanh-output generators (DCGAN) produce. */
    public static final Normalization SYMMETRIC = of(0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
    /** torchvision's ImageNet statistics. */
    public static final Normalization IMAGENET = of(0.485, 0.456, 0.406, 0.229, 0.224, 0.225);
    /** OpenAI CLIP's preprocessing statistics. */
    public static final Normalization CLIP = of(0.48145466, 0.4578275, 0.40821073,
            0.26862954, 0.26130258, 0.27577711);

    public Normalization {
        if (mean == null || std == null || mean.length != 3 || std.length != 3) {
            throw AtelierException.invalidArgument("normalization", "mean and std need three values each (R, G, B)");
        }
        mean = mean.clone();
        std = std.clone();
        for (int c = 0; c < 3; c++) {
            if (!Double.isFinite(mean[c]) || !Double.isFinite(std[c]) || std[c] <= 0) {
                throw AtelierException.invalidArgument("normalization",
                        "mean must be finite and std finite and positive, got mean " + mean[c] + ", std " + std[c]);
            }
        }
    }

    public static Normalization of(double meanR, double meanG, double meanB, double stdR, double stdG, double stdB) {
        return new Normalization(new double[] {meanR, meanG, meanB}, new double[] {stdR, stdG, stdB});
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    double meanOf(int channel) {
        return mean[channel];
    }

    double stdOf(int channel) {
        return std[channel];
    }
}
