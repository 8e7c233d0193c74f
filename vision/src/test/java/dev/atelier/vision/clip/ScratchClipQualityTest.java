package dev.atelier.vision.clip;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.model.ModelStore;
import dev.atelier.vision.eval.ClipEvaluation;
import dev.atelier.vision.shapes.ShapesSplit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed CLIP with the text tower trained from scratch ({@code models/shapes-clip-scratch}),
 * on a seed used neither in training (1) nor for its manifest (1001), against the vision issue's
 * bars as stated: zero-shot >= 95% on held-out attribute combinations and on MNIST test digits,
 * image-to-text recall@1 >= 90% among 1,000 held-out scenes.
 */
class ScratchClipQualityTest {
    static final long SEED = 779;
    static Clip clip;

    @BeforeAll
    static void load() {
        clip = Clip.load(ModelStore.defaultStore().open("shapes-clip-scratch").folder());
    }

    @AfterAll
    static void close() {
        clip.close();
    }

    @Test
    void zeroShotOnHeldOutCombinations() {
        Map<String, Double> zeroShot = ClipEvaluation.zeroShotShapes(clip, SEED, ShapesSplit.HELD_OUT, 300);
        assertTrue(zeroShot.get("zeroshot_object") >= 0.95, zeroShot.toString());
        assertTrue(zeroShot.get("zeroshot_color") >= 0.95 && zeroShot.get("zeroshot_shape") >= 0.95, zeroShot.toString());
    }

    @Test
    void retrievalMeetsTheIssueBarOnHeldOutCombinations() {
        Map<String, Double> r = ClipEvaluation.retrieval(clip, SEED, ShapesSplit.HELD_OUT, 1000);
        assertTrue(r.get("i2t_r1") >= 0.90, r.toString());
        assertTrue(r.get("t2i_r1") >= 0.90, r.toString());
    }

    @Test
    void zeroShotOnMnistTestDigits() {
        ClipQualityTest.zeroShotOnMnistMeetsTheIssueBar(clip);
    }
}
