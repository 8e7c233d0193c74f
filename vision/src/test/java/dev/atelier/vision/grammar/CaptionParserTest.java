package dev.atelier.vision.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.vision.shapes.Captions;
import dev.atelier.vision.shapes.Relation;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.ShapeColor;
import dev.atelier.vision.shapes.ShapeObject;
import dev.atelier.vision.shapes.ShapeSize;
import dev.atelier.vision.shapes.ShapeType;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import org.junit.jupiter.api.Test;

class CaptionParserTest {

    private static final ShapeObject RED = new ShapeObject(ShapeType.CIRCLE, ShapeColor.RED, ShapeSize.SMALL, 4, 20);
    private static final ShapeObject BLUE = new ShapeObject(ShapeType.SQUARE, ShapeColor.BLUE, ShapeSize.LARGE, 30, 15);

    @Test
    void everyParaphraseOfEveryKindOfSceneReadsBackToItsFacts() {
        for (ShapesSplit split : ShapesSplit.values()) {
            for (Scene scene : ShapesDataset.generate(7, 60, split)) {
                for (String caption : Captions.paraphrases(scene)) {
                    assertTrue(CaptionParser.correct(caption, scene), caption);
                }
            }
        }
    }

    @Test
    void aChangedAttributeOrRelationIsWrong() {
        Scene truth = Scene.of(RED, Relation.LEFT_OF, BLUE);
        assertTrue(CaptionParser.correct("a large blue square right of a small red circle", truth));
        assertFalse(CaptionParser.correct("a small red circle right of a large blue square", truth));
        assertFalse(CaptionParser.correct("a small green circle left of a large blue square", truth));
        assertFalse(CaptionParser.correct("a large red circle left of a large blue square", truth));
        assertFalse(CaptionParser.correct("a small red triangle left of a large blue square", truth));
        assertFalse(CaptionParser.correct("a small red circle", truth));
    }

    @Test
    void textOutsideTheGrammarIsRejected() {
        for (String bad : new String[] {"", "a", "a red circle", "a small red circle left of", "small red circle",
            "a small red circle left of a large blue square and more", "a small red circle near a large blue square",
            "a small red circle left of a small red circle", "a small circle that is", null}) {
            assertTrue(CaptionParser.parse(bad).isEmpty(), String.valueOf(bad));
        }
    }

    @Test
    void sceneFactsIgnorePositionsAndDescriptionOrder() {
        Scene a = Scene.of(RED, Relation.LEFT_OF, BLUE);
        Scene b = Scene.of(BLUE.withColor(ShapeColor.BLUE), Relation.RIGHT_OF, RED);
        assertEquals(SceneFacts.key(a), SceneFacts.key(b));
        assertFalse(SceneFacts.same(a, Scene.of(RED, Relation.ABOVE, BLUE)));
    }

    @Test
    void captionSpaceCoversTheGrammar() {
        assertEquals(24 + 24 * 23 * 4, CaptionSpace.scenes(false).size());
        assertEquals(18 + 18 * 17 * 4, CaptionSpace.scenes(true).size());
        for (Scene s : CaptionSpace.scenes(true)) {
            assertTrue(s.objects().stream().noneMatch(ShapesDataset::isHeldOut));
        }
    }
}
