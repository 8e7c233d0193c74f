package dev.atelier.ganvae.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.ganvae.model.Condition;
import dev.atelier.ganvae.model.ImageDecoder;
import dev.atelier.ganvae.model.ImageSpec;
import dev.atelier.ganvae.sample.Sampler;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.SceneRenderer;
import dev.atelier.vision.shapes.ShapeColor;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The evaluation pipeline itself, with stand-in generators (test doubles): one that draws exactly
 * the scene a prompt describes must score 100%, one that gets every colour wrong must score 0%.
 */
class ShapesEvaluationTest {

    /** Decodes the condition [scene index] by rendering that held-out scene, after {@code edit}. */
    static final class RenderingDecoder implements ImageDecoder {
        private final List<Scene> scenes;
        private final UnaryOperator<Scene> edit;

        RenderingDecoder(List<Scene> scenes, UnaryOperator<Scene> edit) {
            this.scenes = scenes;
            this.edit = edit;
        }

        @Override
        public ImageSpec image() {
            return new ImageSpec(3, 64);
        }

        @Override
        public int latentDim() {
            return 2;
        }

        @Override
        public Condition condition() {
            return Condition.text(1, 1);
        }

        @Override
        public float[] decode(float[] z, float[] c, int count) {
            float[] out = new float[count * 3 * 64 * 64];
            for (int b = 0; b < count; b++) {
                BufferedImage image = SceneRenderer.render(edit.apply(scenes.get((int) c[b])));
                for (int i = 0; i < 64 * 64; i++) {
                    int rgb = image.getRGB(i % 64, i / 64);
                    out[b * 3 * 4096 + i] = ((rgb >> 16) & 0xff) / 255f;
                    out[b * 3 * 4096 + 4096 + i] = ((rgb >> 8) & 0xff) / 255f;
                    out[b * 3 * 4096 + 8192 + i] = (rgb & 0xff) / 255f;
                }
            }
            return out;
        }

        @Override
        public void close() {
        }
    }

    static float[] indexOf(List<Scene> scenes, String caption) {
        for (int i = 0; i < scenes.size(); i++) {
            if (scenes.get(i).caption().equals(caption)) {
                return new float[] {i};
            }
        }
        throw new AssertionError(caption);
    }

    @Test
    void aPerfectGeneratorPassesEveryHeldOutPrompt() {
        List<Scene> scenes = ShapesEvaluation.heldOutScenes(30);
        ShapesEvaluation.Report r = ShapesEvaluation.run(new Sampler(new RenderingDecoder(scenes, s -> s)),
                c -> indexOf(scenes, c), 30);
        assertEquals(1.0, r.passed());
        assertEquals(0.0, r.diversity()); // it always draws the same picture
    }

    @Test
    void wrongColoursFailEveryPrompt() {
        List<Scene> scenes = ShapesEvaluation.heldOutScenes(30);
        UnaryOperator<Scene> recolour = s -> new Scene(s.objects().stream()
                .map(o -> o.withColor(ShapeColor.values()[(o.color().ordinal() + 1) % 4])).toList(), s.relation());
        ShapesEvaluation.Report r = ShapesEvaluation.run(new Sampler(new RenderingDecoder(scenes, recolour)),
                c -> indexOf(scenes, c), 30);
        assertEquals(0.0, r.passed());
        assertEquals(0.0, r.colors());
        assertTrue(r.count() > 0.9);
    }
}
