package dev.atelier.ganvae.eval;

import dev.atelier.ganvae.sample.ImageGrid;
import dev.atelier.ganvae.sample.Sampler;
import dev.atelier.vision.shapes.CheckResult;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.SceneChecker;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.Function;

/**
 * Judges a text-to-image generator on Shapes prompts it never saw: the canonical captions of the
 * HELD_OUT split (each scene has a colour–shape pair absent from training). One image per prompt,
 * seed = the prompt's index; vision's {@link SceneChecker}, which knows nothing of the generator,
 * decides whether the image holds exactly the requested objects, colours, shapes, sizes and relation.
 */
public final class ShapesEvaluation {
    /** Seed of the held-out prompts used in manifests and tests. */
    public static final long PROMPT_SEED = 7;

    /** Pass rates (0..1) overall and per aspect; diversity = mean pairwise distance of 16 samples of one prompt. */
    public record Report(int prompts, double passed, double count, double colors, double shapes, double sizes,
            double relation, double diversity, String diversityPrompt) {
    }

    private ShapesEvaluation() {
    }

    public static List<Scene> heldOutScenes(int n) {
        return ShapesDataset.generate(PROMPT_SEED, n, ShapesSplit.HELD_OUT);
    }

    /** Held-out prompts, the bar of the issue. */
    public static Report run(Sampler sampler, Function<String, float[]> embed, int n) {
        return run(sampler, embed, n, ShapesSplit.HELD_OUT);
    }

    /**
     * The same judgement on the first {@code n} scenes of {@code split} (TEST: combinations seen in
     * training, new placements; HELD_OUT: colour–shape pairs never seen).
     *
     * @param embed prompt → condition row (the model's sentence encoder)
     * @param sampler the generator
     */
    public static Report run(Sampler sampler, Function<String, float[]> embed, int n, ShapesSplit split) {
        SceneChecker checker = new SceneChecker();
        List<Scene> scenes = ShapesDataset.generate(PROMPT_SEED, n, split);
        int passed = 0;
        int count = 0;
        int colors = 0;
        int shapes = 0;
        int sizes = 0;
        int relation = 0;
        for (int i = 0; i < scenes.size(); i++) {
            Scene scene = scenes.get(i);
            BufferedImage image = sampler.images(embed.apply(scene.caption()), 1, i, 0).get(0);
            CheckResult r = checker.check(image, scene);
            passed += r.passed() ? 1 : 0;
            count += r.countCorrect() ? 1 : 0;
            colors += r.colorsCorrect() ? 1 : 0;
            shapes += r.shapesCorrect() ? 1 : 0;
            sizes += r.sizesCorrect() ? 1 : 0;
            relation += r.relationCorrect() ? 1 : 0;
        }
        String prompt = scenes.get(0).caption();
        int samples = 16;
        float[] many = sampler.sample(embed.apply(prompt), samples, 1234, 0);
        int pixels = many.length / samples;
        double diversity = dev.atelier.ganvae.train.CollapseMonitor.meanPairwiseDistance(many, 0, samples, pixels);
        double k = scenes.size();
        return new Report(scenes.size(), passed / k, count / k, colors / k, shapes / k, sizes / k, relation / k,
                diversity, prompt);
    }

    /** The images for the first {@code n} held-out prompts, for a contact sheet. */
    public static BufferedImage sheet(Sampler sampler, Function<String, float[]> embed, int n, int columns) {
        List<Scene> scenes = heldOutScenes(n);
        List<BufferedImage> images = new java.util.ArrayList<>();
        for (int i = 0; i < scenes.size(); i++) {
            images.add(sampler.images(embed.apply(scenes.get(i).caption()), 1, i, 0).get(0));
        }
        return ImageGrid.grid(images, columns, 2);
    }
}
