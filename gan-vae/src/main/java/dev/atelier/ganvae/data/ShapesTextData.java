package dev.atelier.ganvae.data;

import dev.atelier.ganvae.model.Condition;
import dev.atelier.ganvae.model.ImageSpec;
import dev.atelier.ganvae.model.Noise;
import dev.atelier.ganvae.text.PromptEncoder;
import dev.atelier.vision.shapes.Captions;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.SceneRenderer;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Text to image training data: the first {@code count} scenes of the Shapes TRAIN split (no
 * held-out colour–shape pair ever appears), rendered on the fly, each with one caption of the
 * grammar (picked by the scene's index among its paraphrases, so the text side sees every
 * phrasing) and that caption's sentence embedding as the condition.
 */
public final class ShapesTextData implements TrainingData {
    private static final ImageSpec IMAGE = new ImageSpec(3, Scene.CANVAS);

    private final long seed;
    private final List<Scene> scenes;
    private final List<String> captions;
    private final List<String> canonical;
    private final CaptionEmbeddings embeddings;
    private final Condition condition;
    private final String textEncoder;

    private ShapesTextData(long seed, List<Scene> scenes, List<String> captions, CaptionEmbeddings embeddings,
            int embedDim, String textEncoder) {
        this.seed = seed;
        this.scenes = scenes;
        this.captions = captions;
        this.canonical = scenes.stream().map(Captions::canonical).toList();
        this.embeddings = embeddings;
        this.condition = Condition.text(embeddings.dimension(), embedDim);
        this.textEncoder = textEncoder;
    }

    /** The scenes and their chosen captions; embed {@link #captions} and pass them to {@link #of}. */
    public static List<Scene> scenes(long seed, int count) {
        return ShapesDataset.generate(seed, count, ShapesSplit.TRAIN);
    }

    /** The caption used for scene {@code index}. */
    public static String caption(long seed, int index, Scene scene) {
        List<String> all = Captions.paraphrases(scene);
        return all.get(Noise.random(seed, index).nextInt(all.size()));
    }

    public static List<String> captions(long seed, List<Scene> scenes) {
        List<String> out = new ArrayList<>(scenes.size());
        for (int i = 0; i < scenes.size(); i++) {
            out.add(caption(seed, i, scenes.get(i)));
        }
        return out;
    }

    /** @param textEncoder the {@link PromptEncoder} name that made {@code embeddings} */
    public static ShapesTextData of(long seed, List<Scene> scenes, CaptionEmbeddings embeddings, int embedDim,
            String textEncoder) {
        return new ShapesTextData(seed, List.copyOf(scenes), captions(seed, scenes), embeddings, embedDim, textEncoder);
    }

    /** The name of the text encoder the conditions come from. */
    public String textEncoder() {
        return textEncoder;
    }

    @Override
    public ImageSpec image() {
        return IMAGE;
    }

    @Override
    public int size() {
        return scenes.size();
    }

    @Override
    public Condition condition() {
        return condition;
    }

    public List<String> captions() {
        return captions;
    }

    @Override
    public void images(int[] indices, float[] out) {
        for (int b = 0; b < indices.length; b++) {
            render(scenes.get(indices[b]), out, b * IMAGE.pixels());
        }
    }

    @Override
    public void conditions(int[] indices, float[] out) {
        int d = condition.dimension();
        for (int b = 0; b < indices.length; b++) {
            System.arraycopy(embeddings.get(captions.get(indices[b])), 0, out, b * d, d);
        }
    }

    @Override
    public void mismatchedConditions(int[] indices, SplittableRandom random, float[] out) {
        int d = condition.dimension();
        for (int b = 0; b < indices.length; b++) {
            int other;
            do {
                other = random.nextInt(scenes.size());
            } while (canonical.get(other).equals(canonical.get(indices[b])));
            System.arraycopy(embeddings.get(captions.get(other)), 0, out, b * d, d);
        }
    }

    @Override
    public String describe() {
        return "Shapes TRAIN split (vision's ShapesDataset, seed " + seed + "), first " + scenes.size()
                + " scenes, one grammar caption each, embedded with "
                + (PromptEncoder.MINILM.equals(textEncoder) ? "all-MiniLM-L6-v2"
                        : "the text tower of the CLIP model in " + PromptEncoder.CLIP_FOLDER + "/");
    }

    /** CHW floats in [0, 1] of the rendered scene. */
    static void render(Scene scene, float[] out, int offset) {
        BufferedImage image = SceneRenderer.render(scene);
        int n = Scene.CANVAS;
        int[] rgb = image.getRGB(0, 0, n, n, null, 0, n);
        for (int i = 0; i < rgb.length; i++) {
            out[offset + i] = ((rgb[i] >> 16) & 0xff) / 255f;
            out[offset + n * n + i] = ((rgb[i] >> 8) & 0xff) / 255f;
            out[offset + 2 * n * n + i] = (rgb[i] & 0xff) / 255f;
        }
    }

    @Override
    public float[] previewConditions(int rows) {
        int[] first = new int[rows];
        for (int r = 0; r < rows; r++) {
            first[r] = r % scenes.size();
        }
        float[] out = new float[rows * condition.dimension()];
        conditions(first, out);
        return out;
    }

    @Override
    public List<String> previewLabels(int rows) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            out.add(captions.get(r % scenes.size()));
        }
        return out;
    }
}
