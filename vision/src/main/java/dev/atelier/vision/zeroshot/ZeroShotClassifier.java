package dev.atelier.vision.zeroshot;

import dev.atelier.core.error.AtelierException;
import dev.atelier.vision.clip.Clip;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Classifies images by text labels with no task-specific training (Radford et al. 2021): each label
 * becomes the normalised mean of its normalised prompt embeddings, an image goes to the label of
 * highest cosine, and probabilities are the softmax of the model's scaled cosines.
 */
public final class ZeroShotClassifier {

    public static final int MAX_LABELS = 256;
    public static final int MAX_LABEL_CHARS = 200;

    private final Clip clip;
    private final List<String> labels;
    private final float[][] classEmbeddings;

    public ZeroShotClassifier(Clip clip, List<String> labels, PromptTemplates templates) {
        this.clip = Objects.requireNonNull(clip, "clip");
        Objects.requireNonNull(templates, "templates");
        this.labels = validate(labels);
        List<String> prompts = new ArrayList<>();
        for (String label : this.labels) {
            prompts.addAll(templates.fill(label));
        }
        float[][] prompted = clip.embedTexts(prompts);
        int per = templates.templates().size();
        classEmbeddings = new float[this.labels.size()][];
        for (int c = 0; c < this.labels.size(); c++) {
            float[] mean = new float[clip.dimension()];
            for (int t = 0; t < per; t++) {
                float[] e = prompted[c * per + t];
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += e[i];
                }
            }
            classEmbeddings[c] = normalize(mean);
        }
    }

    /** Labels must be 1 to {@value #MAX_LABELS} distinct, non-blank texts of at most {@value #MAX_LABEL_CHARS} characters. */
    public static List<String> validate(List<String> labels) {
        if (labels == null || labels.isEmpty()) {
            throw AtelierException.invalidArgument("labels", "give at least one label");
        }
        if (labels.size() > MAX_LABELS) {
            throw AtelierException.invalidArgument("labels", "at most " + MAX_LABELS + " labels, got " + labels.size());
        }
        for (String label : labels) {
            if (label == null || label.isBlank()) {
                throw AtelierException.invalidArgument("labels", "labels must not be empty or blank");
            }
            if (label.length() > MAX_LABEL_CHARS) {
                throw AtelierException.invalidArgument("labels", "a label is longer than " + MAX_LABEL_CHARS
                        + " characters");
            }
        }
        if (labels.stream().distinct().count() != labels.size()) {
            throw AtelierException.invalidArgument("labels", "labels must be distinct");
        }
        return List.copyOf(labels);
    }

    public List<String> labels() {
        return labels;
    }

    /** Scores of every label for one image, best first. */
    public List<LabelScore> classify(BufferedImage image) {
        return scores(clip.embedImages(List.of(image))[0]);
    }

    /** Scores of every label for an image embedding, best first. */
    public List<LabelScore> scores(float[] imageEmbedding) {
        float[] cosines = new float[labels.size()];
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < cosines.length; c++) {
            cosines[c] = Clip.cosine(imageEmbedding, classEmbeddings[c]);
            max = Math.max(max, cosines[c]);
        }
        double scale = clip.logitMultiplier();
        double sum = 0;
        double[] exp = new double[cosines.length];
        for (int c = 0; c < cosines.length; c++) {
            exp[c] = Math.exp(scale * (cosines[c] - max));
            sum += exp[c];
        }
        List<LabelScore> out = new ArrayList<>(cosines.length);
        for (int c = 0; c < cosines.length; c++) {
            out.add(new LabelScore(labels.get(c), cosines[c], (float) (exp[c] / sum)));
        }
        out.sort(Comparator.comparingDouble(LabelScore::cosine).reversed());
        return out;
    }

    /** The index of the best label for each image embedding. */
    public int[] predict(float[][] imageEmbeddings) {
        int[] out = new int[imageEmbeddings.length];
        for (int i = 0; i < imageEmbeddings.length; i++) {
            int best = 0;
            float bestCos = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classEmbeddings.length; c++) {
                float cos = Clip.cosine(imageEmbeddings[i], classEmbeddings[c]);
                if (cos > bestCos) {
                    bestCos = cos;
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    static float[] normalize(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        float inv = (float) (1 / Math.max(Math.sqrt(s), 1e-12));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }
}
