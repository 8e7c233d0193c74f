package dev.atelier.vision.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.ModelStore;
import dev.atelier.vision.clip.ClipImages;
import dev.atelier.vision.shapes.SceneRenderer;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import dev.atelier.vision.grammar.CaptionSpace;
import dev.atelier.vision.mnist.Mnist;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed captioner ({@code models/shapes-captioner}) on scenes of a seed used neither in
 * training nor for the manifest. Captions are judged by parsing them against the scene's truth
 * (every object's colour and shape and the relation right).
 *
 * <p>The issue's bar: generated captions of held-out combinations ("green triangle" and the other
 * pairs no training scene had) right for every object's colour and shape and the relation, >= 90%.
 * One caption in 2,232 is right by chance.
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

    /** Seen combinations: every caption a sentence the parser reads, and right as often as the issue asks of held-out ones. */
    @Test
    void generatedCaptionsOfSeenCombinations() {
        var test = CaptionEvaluation.evaluate(t -> captioner.captionTensors(t, 1), SEED,
                ShapesSplit.TEST, 200);
        assertTrue(test.parseable() >= 0.95 && test.colorShapeRelation() >= 0.90, test.toString());
        var beam = CaptionEvaluation.evaluate(t -> captioner.captionTensors(t, 4), SEED,
                ShapesSplit.TEST, 50);
        assertTrue(beam.parseable() >= 0.95 && beam.colorShapeRelation() >= 0.90, beam.toString());
    }

    /**
     * Image-guided beam search: with a vanishing guidance weight it is plain beam search, word for
     * word; with the documented weight (3, chosen on TEST scenes of seed 1001) it writes at least as
     * many right captions as plain beam search, on seen and on held-out combinations.
     */
    @Test
    void imageGuidedBeamSearch() {
        List<float[]> images = ShapesDataset.generate(SEED, 8, ShapesSplit.TEST).stream()
                .map(s -> ClipImages.tensor(SceneRenderer.render(s))).toList();
        assertEquals(captioner.captionTensors(images, 4),
                captioner.captionTensors(images, new CaptionDecoding(4, 1e-9, false)));
        for (ShapesSplit split : new ShapesSplit[] {ShapesSplit.TEST, ShapesSplit.HELD_OUT}) {
            var plain = CaptionEvaluation.evaluate(t -> captioner.captionTensors(t, 4), SEED, split, 60);
            var guided = CaptionEvaluation.evaluate(t -> captioner.captionTensors(t, new CaptionDecoding(4, 3, false)),
                    SEED, split, 60);
            assertTrue(guided.colorShapeRelation() >= plain.colorShapeRelation(), split + ": guided " + guided + ", plain " + plain);
        }
        assertThrows(AtelierException.class, () -> new CaptionDecoding(4, Double.NaN, false));
        assertThrows(AtelierException.class, () -> new CaptionDecoding(4, -1, false));
        assertThrows(AtelierException.class, () -> new CaptionDecoding(0, 0, false));
    }

    /** With the grammar constraint every caption is a sentence of the caption language, even on held-out scenes. */
    @Test
    void grammarConstrainedCaptionsAreSentencesOfTheGrammar() {
        Set<String> language = new HashSet<>(CaptionSpace.canonicalCaptions());
        for (int d = 0; d < 10; d++) {
            language.add(Mnist.caption(d));
        }
        List<float[]> images = ShapesDataset.generate(SEED, 30, ShapesSplit.HELD_OUT).stream()
                .map(s -> ClipImages.tensor(SceneRenderer.render(s))).toList();
        for (CaptionDecoding decoding : new CaptionDecoding[] {new CaptionDecoding(1, 0, true), new CaptionDecoding(4, 3, true)}) {
            for (String caption : captioner.captionTensors(images, decoding)) {
                assertTrue(language.contains(caption), decoding + " wrote \"" + caption + "\", not a sentence of the grammar");
            }
        }
    }

    /** The issue's own bar, greedy and beam search, on held-out scenes of a seed neither training nor the manifest used. */
    @Test
    void generatedCaptionsMeetTheIssueBar() {
        var greedy = CaptionEvaluation.evaluate(t -> captioner.captionTensors(t, 1), SEED,
                ShapesSplit.HELD_OUT, 300);
        assertTrue(greedy.colorShapeRelation() >= 0.90, "greedy " + greedy);
        var beam = CaptionEvaluation.evaluate(t -> captioner.captionTensors(t, 4), SEED,
                ShapesSplit.HELD_OUT, 100);
        assertTrue(beam.colorShapeRelation() >= 0.90, "beam 4 " + beam);
    }

    @Test
    void retrievalCaptionsOfHeldOutScenes() {
        RetrievalCaptioner retrieval = RetrievalCaptioner.forShapesAndDigits(captioner.clip());
        var r = CaptionEvaluation.evaluate(retrieval::captionTensors,
                SEED, ShapesSplit.HELD_OUT, 200);
        assertTrue(r.colorShapeRelation() >= 0.5, r.toString());
    }

    /** The issue's caption bar (every colour, shape and the relation right, >= 90%) for retrieval captions. */
    @Test
    void retrievalCaptionsOfHeldOutScenesMeetTheIssueBar() {
        RetrievalCaptioner retrieval = RetrievalCaptioner.forShapesAndDigits(captioner.clip());
        var r = CaptionEvaluation.evaluate(retrieval::captionTensors,
                SEED, ShapesSplit.HELD_OUT, 500);
        assertTrue(r.colorShapeRelation() >= 0.90, r.toString());
    }
}
