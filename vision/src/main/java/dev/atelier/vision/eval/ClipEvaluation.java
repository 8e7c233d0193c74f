package dev.atelier.vision.eval;

import dev.atelier.vision.clip.Clip;
import dev.atelier.vision.clip.ClipImages;
import dev.atelier.vision.grammar.SceneFacts;
import dev.atelier.vision.mnist.Mnist;
import dev.atelier.vision.retrieval.Recall;
import dev.atelier.vision.shapes.Captions;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.SceneRenderer;
import dev.atelier.vision.shapes.ShapeColor;
import dev.atelier.vision.shapes.ShapeSize;
import dev.atelier.vision.shapes.ShapeType;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import dev.atelier.vision.zeroshot.PromptTemplates;
import dev.atelier.vision.zeroshot.ZeroShotClassifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The quality figures of a CLIP model, measured on scenes it never saw (evaluation seed, TEST and
 * HELD_OUT splits) and on the MNIST test set:
 *
 * <ul>
 *   <li>{@code <split>_zeroshot_object}: one-object scenes classified among the 12 colour-shape
 *       labels ("green triangle"), templates {@link PromptTemplates#SHAPES} (chance 1/12);</li>
 *   <li>{@code <split>_zeroshot_color} (4-way) and {@code _shape} (3-way), each label's prompts
 *       ensembled over the other attributes;</li>
 *   <li>{@code <split>_i2t_r1/5/10}, {@code _t2i_r1/5/10}: retrieval among N scenes and their canonical
 *       captions, a hit when the retrieved item states the same facts;</li>
 *   <li>{@code mnist_zeroshot}: MNIST test digits among the ten digit words, {@link PromptTemplates#DIGITS}.</li>
 * </ul>
 */
public final class ClipEvaluation {

    public static final int RETRIEVAL_POOL = 1000;
    public static final int ZERO_SHOT_SCENES = 500;

    private ClipEvaluation() {
    }

    public static Map<String, Double> evaluate(Clip clip, long seed, Mnist mnistTest, int mnistCount) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (ShapesSplit split : List.of(ShapesSplit.TEST, ShapesSplit.HELD_OUT)) {
            String p = split == ShapesSplit.TEST ? "test" : "heldout";
            out.putAll(prefixed(p, zeroShotShapes(clip, seed, split, ZERO_SHOT_SCENES)));
            out.putAll(prefixed(p, retrieval(clip, seed, split, RETRIEVAL_POOL)));
        }
        if (mnistTest != null) {
            out.put("mnist_zeroshot", zeroShotMnist(clip, mnistTest, mnistCount));
        }
        return out;
    }

    /** Zero-shot accuracies on the first {@code n} one-object scenes of a split. */
    public static Map<String, Double> zeroShotShapes(Clip clip, long seed, ShapesSplit split, int n) {
        List<Scene> scenes = ShapesEval.singleObjectScenes(seed, split, n);
        float[][] images = clip.embedImageTensors(scenes.stream()
                .map(s -> ClipImages.tensor(SceneRenderer.render(s))).toList());
        Map<String, Double> out = new LinkedHashMap<>();
        ZeroShotClassifier objects = new ZeroShotClassifier(clip, ShapesEval.colorShapeLabels(), PromptTemplates.SHAPES);
        out.put("zeroshot_object", accuracy(objects, images, scenes.stream().map(ShapesEval::colorShapeLabel).toList()));

        List<String> colorTemplates = new ArrayList<>();
        List<String> shapeTemplates = new ArrayList<>();
        for (ShapeSize size : ShapeSize.values()) {
            for (ShapeType shape : ShapeType.values()) {
                colorTemplates.add("a " + size.word() + " {} " + shape.word());
            }
            for (ShapeColor color : ShapeColor.values()) {
                shapeTemplates.add("a " + size.word() + " " + color.word() + " {}");
            }
        }
        ZeroShotClassifier colors = new ZeroShotClassifier(clip,
                Arrays.stream(ShapeColor.values()).map(ShapeColor::word).toList(), new PromptTemplates(colorTemplates));
        out.put("zeroshot_color", accuracy(colors, images, scenes.stream().map(s -> s.first().color().word()).toList()));
        ZeroShotClassifier shapes = new ZeroShotClassifier(clip,
                Arrays.stream(ShapeType.values()).map(ShapeType::word).toList(), new PromptTemplates(shapeTemplates));
        out.put("zeroshot_shape", accuracy(shapes, images, scenes.stream().map(s -> s.first().shape().word()).toList()));
        return out;
    }

    /** Recall@1/5/10 both ways among the first {@code n} scenes of a split and their canonical captions. */
    public static Map<String, Double> retrieval(Clip clip, long seed, ShapesSplit split, int n) {
        List<Scene> scenes = ShapesDataset.generate(seed, n, split);
        float[][] images = clip.embedImageTensors(scenes.stream()
                .map(s -> ClipImages.tensor(SceneRenderer.render(s))).toList());
        float[][] texts = clip.embedTexts(scenes.stream().map(Captions::canonical).toList());
        List<String> keys = scenes.stream().map(SceneFacts::key).toList();
        Map<String, Double> out = new LinkedHashMap<>();
        Recall.atK(images, keys, texts, keys, 1, 5, 10).forEach((k, v) -> out.put("i2t_r" + k, v));
        Recall.atK(texts, keys, images, keys, 1, 5, 10).forEach((k, v) -> out.put("t2i_r" + k, v));
        return out;
    }

    /** Zero-shot accuracy on the first {@code n} digits of an MNIST split. */
    public static double zeroShotMnist(Clip clip, Mnist mnist, int n) {
        int count = Math.min(n, mnist.count());
        List<float[]> tensors = new ArrayList<>(count);
        List<String> truth = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tensors.add(ClipImages.tensor(ClipImages.mnistImage(mnist, i)));
            truth.add(Mnist.DIGIT_WORDS[mnist.label(i)]);
        }
        float[][] images = new float[count][];
        for (int from = 0; from < count; from += Clip.MAX_BATCH) {
            float[][] part = clip.embedImageTensors(tensors.subList(from, Math.min(count, from + Clip.MAX_BATCH)));
            System.arraycopy(part, 0, images, from, part.length);
        }
        ZeroShotClassifier digits = new ZeroShotClassifier(clip, List.of(Mnist.DIGIT_WORDS), PromptTemplates.DIGITS);
        return accuracy(digits, images, truth);
    }

    static double accuracy(ZeroShotClassifier classifier, float[][] images, List<String> truth) {
        int[] predicted = classifier.predict(images);
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (classifier.labels().get(predicted[i]).equals(truth.get(i))) {
                correct++;
            }
        }
        return correct / (double) predicted.length;
    }

    private static Map<String, Double> prefixed(String prefix, Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((k, v) -> out.put(prefix + "_" + k, Math.round(v * 10000) / 10000.0));
        return out;
    }

    public static String format(Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder();
        metrics.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-26s %.4f%n", k, v)));
        return sb.toString();
    }
}
