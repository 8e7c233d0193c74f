package dev.atelier.vision.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.vision.grammar.SceneFacts;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.SceneChecker;
import dev.atelier.vision.shapes.SceneRenderer;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClipDataTest {

    @Test
    void twinsAreTrueRendersOfOtherFactsWithoutHeldOutPairs() {
        SplittableRandom rng = new SplittableRandom(5);
        SceneChecker checker = new SceneChecker();
        int twins = 0;
        for (Scene scene : ShapesDataset.generate(11, 400, ShapesSplit.TRAIN)) {
            Scene twin = ClipData.twin(scene, rng);
            if (twin == null) {
                continue;
            }
            twins++;
            assertNotEquals(SceneFacts.key(scene), SceneFacts.key(twin));
            assertTrue(twin.objects().stream().noneMatch(ShapesDataset::isHeldOut), twin.caption());
            // The scene checker (independent of the generator) reads the twin's render as its caption says.
            assertTrue(checker.check(SceneRenderer.render(twin), twin).passed(), twin.caption());
        }
        assertTrue(twins > 100, "twins " + twins);
    }

    @Test
    void batchesMarkWhichPairsShareFacts() {
        var batch = new ClipData(3, null, 0).batch(64, new SplittableRandom(1));
        assertEquals(64, batch.size());
        for (var e : batch) {
            assertEquals(3 * 64 * 64, e.image().length);
            assertFalse(e.text().isBlank());
        }
    }
}
