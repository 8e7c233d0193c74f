package dev.atelier.vision.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionsTest {

    private static final ShapeObject SMALL_RED_CIRCLE = new ShapeObject(ShapeType.CIRCLE, ShapeColor.RED, ShapeSize.SMALL, 4, 20);
    private static final ShapeObject LARGE_BLUE_SQUARE = new ShapeObject(ShapeType.SQUARE, ShapeColor.BLUE, ShapeSize.LARGE, 30, 15);

    @Test
    void canonicalCaptions() {
        Scene pair = Scene.of(SMALL_RED_CIRCLE, Relation.LEFT_OF, LARGE_BLUE_SQUARE);
        assertEquals("a small red circle left of a large blue square", Captions.canonical(pair));
        assertEquals("a large yellow triangle", Captions.canonical(Scene.of(
                new ShapeObject(ShapeType.TRIANGLE, ShapeColor.YELLOW, ShapeSize.LARGE, 0, 0))));
        assertEquals("a small red circle left of a large blue square", pair.caption());
    }

    @Test
    void readingOrderNamesTheLeftOrUpperObjectFirst() {
        Scene leftOf = Scene.of(SMALL_RED_CIRCLE, Relation.LEFT_OF, LARGE_BLUE_SQUARE);
        assertEquals(leftOf, Captions.readingOrder(leftOf));
        assertEquals("a small red circle left of a large blue square",
                Captions.canonical(Captions.readingOrder(Scene.of(LARGE_BLUE_SQUARE, Relation.RIGHT_OF, SMALL_RED_CIRCLE))));
        assertEquals("a small red circle above a large blue square",
                Captions.canonical(Captions.readingOrder(Scene.of(LARGE_BLUE_SQUARE, Relation.BELOW, SMALL_RED_CIRCLE))));
        Scene above = Scene.of(SMALL_RED_CIRCLE, Relation.ABOVE, LARGE_BLUE_SQUARE);
        assertEquals(above, Captions.readingOrder(above));
        Scene single = Scene.of(SMALL_RED_CIRCLE);
        assertEquals(single, Captions.readingOrder(single));
    }

    @Test
    void paraphrasesStateTheSameFacts() {
        Scene pair = Scene.of(SMALL_RED_CIRCLE, Relation.LEFT_OF, LARGE_BLUE_SQUARE);
        List<String> all = Captions.paraphrases(pair);
        assertEquals(Captions.canonical(pair), all.get(0));
        assertEquals(36, all.size()); // 2 directions x 2 relation phrases x 3 x 3 object phrasings
        assertEquals(36, new HashSet<>(all).size());
        assertTrue(all.contains("a red circle that is small, to the left of a blue square that is large"));
        assertTrue(all.contains("a large blue square right of a small red circle"));
        assertTrue(all.contains("a large square that is blue, to the right of a small red circle"));
        for (String caption : all) {
            for (String word : List.of("small", "red", "circle", "large", "blue", "square")) {
                assertEquals(1, caption.split("\\b" + word + "\\b", -1).length - 1, word + " in " + caption);
            }
            boolean leftFirst = caption.startsWith("a small red") || caption.startsWith("a red")
                    || caption.startsWith("a small circle");
            assertTrue(leftFirst ? caption.contains("left of") : caption.contains("right of"), caption);
        }
        assertEquals(List.of("a small red circle", "a red circle that is small", "a small circle that is red"),
                Captions.paraphrases(Scene.of(SMALL_RED_CIRCLE)));
    }

    @Test
    void verticalRelationsUseTheirPhrases() {
        Scene above = Scene.of(SMALL_RED_CIRCLE, Relation.ABOVE, LARGE_BLUE_SQUARE);
        List<String> all = Captions.paraphrases(above);
        assertTrue(all.contains("a small red circle over a large blue square"));
        assertTrue(all.contains("a large blue square beneath a small red circle"));
        assertTrue(all.contains("a large blue square below a small red circle"));
    }
}
