package dev.atelier.ganvae.data;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.model.Condition;
import dev.atelier.ganvae.model.ImageSpec;
import java.util.SplittableRandom;

/**
 * Images held in memory as unsigned bytes (CHW per image), optionally with class labels, which
 * make the data class-conditional (a one-hot condition per class).
 */
public final class PixelData implements TrainingData {
    private final ImageSpec image;
    private final byte[] pixels;
    private final byte[] labels;
    private final int classes;
    private final int count;
    private final Condition condition;
    private final String description;

    /**
     * @param labels one label per image in {@code [0, classes)}, or null for unlabelled images
     * @param classEmbedDim size of the compressed class condition (unused without labels)
     */
    public PixelData(ImageSpec image, byte[] pixels, byte[] labels, int classes, int classEmbedDim,
            String description) {
        this.image = image;
        this.pixels = pixels;
        this.count = pixels.length / image.pixels();
        if ((long) count * image.pixels() != pixels.length || count == 0) {
            throw AtelierException.invalidArgument("data", "expected a positive whole number of "
                    + image.channels() + "x" + image.size() + "x" + image.size() + " images, got " + pixels.length
                    + " bytes");
        }
        if (labels != null && (labels.length != count || classes < 2)) {
            throw AtelierException.invalidArgument("labels", "need one label per image and at least two classes");
        }
        this.labels = labels;
        this.classes = classes;
        this.condition = labels == null ? Condition.NONE : Condition.classes(classes, classEmbedDim);
        this.description = description;
    }

    @Override
    public ImageSpec image() {
        return image;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public Condition condition() {
        return condition;
    }

    public int label(int index) {
        return labels[index];
    }

    @Override
    public void images(int[] indices, float[] out) {
        int n = image.pixels();
        for (int b = 0; b < indices.length; b++) {
            int from = indices[b] * n;
            for (int i = 0; i < n; i++) {
                out[b * n + i] = (pixels[from + i] & 0xff) / 255f;
            }
        }
    }

    @Override
    public void conditions(int[] indices, float[] out) {
        java.util.Arrays.fill(out, 0, indices.length * classes, 0f);
        for (int b = 0; b < indices.length; b++) {
            out[b * classes + labels[indices[b]]] = 1f;
        }
    }

    @Override
    public void mismatchedConditions(int[] indices, SplittableRandom random, float[] out) {
        java.util.Arrays.fill(out, 0, indices.length * classes, 0f);
        for (int b = 0; b < indices.length; b++) {
            int wrong = (labels[indices[b]] + 1 + random.nextInt(classes - 1)) % classes;
            out[b * classes + wrong] = 1f;
        }
    }

    @Override
    public String describe() {
        return description;
    }

    /** One-hot rows for {@code classIds}. */
    public static float[] oneHot(int[] classIds, int classes) {
        float[] out = new float[classIds.length * classes];
        for (int b = 0; b < classIds.length; b++) {
            if (classIds[b] < 0 || classIds[b] >= classes) {
                throw AtelierException.invalidArgument("class", "the class must be in [0, " + (classes - 1)
                        + "], got " + classIds[b]);
            }
            out[b * classes + classIds[b]] = 1f;
        }
        return out;
    }

    @Override
    public float[] previewConditions(int rows) {
        if (labels == null) {
            return new float[0];
        }
        int[] ids = new int[rows];
        for (int r = 0; r < rows; r++) {
            ids[r] = r % classes;
        }
        return oneHot(ids, classes);
    }

    @Override
    public java.util.List<String> previewLabels(int rows) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int r = 0; r < rows; r++) {
            out.add(labels == null ? "unconditional" : "class " + (r % classes));
        }
        return out;
    }
}
