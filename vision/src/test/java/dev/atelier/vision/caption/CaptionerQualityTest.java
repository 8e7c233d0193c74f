package dev.atelier.vision.caption;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.model.ModelStore;
import dev.atelier.vision.shapes.ShapesSplit;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed captioner ({@code models/shapes-captioner}) on scenes of a seed used neither in
 * training nor for the manifest. Captions are judged by parsing them against the scene's truth:
 * every object's colour and shape and the relation right in >= 90% of held-out scenes (the issue's
 * bar), for greedy and beam search decoding, and for retrieval captioning.
 */
class CaptionerQualityTest {
    static final long SEED = 778;
    static Captioner captioner;

    @BeforeAll
    static void load() {
        captioner = Captioner.load(ModelStore.defaultStore().open("shapes-captioner").folder());
    }

    @AfterAll
    static void close() {
        captioner.close();
    }

    @Test
    void greedyCaptionsOfHeldOutScenes() {
        var r = CaptionEvaluation.evaluate(e -> captioner.captionEmbeddings(e, 1), captioner.clip(), SEED,
                ShapesSplit.HELD_OUT, 300);
        assertTrue(r.colorShapeRelation() >= 0.90, r.toString());
        assertTrue(r.parseable() >= 0.98, r.toString());
    }

    @Test
    void beamSearchCaptionsOfHeldOutScenes() {
        var r = CaptionEvaluation.evaluate(e -> captioner.captionEmbeddings(e, 4), captioner.clip(), SEED,
                ShapesSplit.HELD_OUT, 100);
        assertTrue(r.colorShapeRelation() >= 0.90, r.toString());
    }

    @Test
    void retrievalCaptionsOfHeldOutScenes() {
        RetrievalCaptioner retrieval = RetrievalCaptioner.forShapesAndDigits(captioner.clip());
        var r = CaptionEvaluation.evaluate(e -> Arrays.stream(e).map(retrieval::caption).toList(), captioner.clip(),
                SEED, ShapesSplit.HELD_OUT, 300);
        assertTrue(r.colorShapeRelation() >= 0.90, r.toString());
    }
}
