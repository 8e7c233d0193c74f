package dev.atelier.vision.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ShapesDatasetTest {

    @Test
    void randomIsSplitMix64() {
        // The published first output of SplitMix64 seeded with 0.
        assertEquals(0xE220A8397B1DCDAFL, new SeededRandom(0).nextLong());
        SeededRandom r = new SeededRandom(42);
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) {
            counts[r.nextInt(3)]++;
        }
        for (int c : counts) {
            assertTrue(Math.abs(c - 10_000) < 400, "counts " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void sameSeedSameScenesAndLongerListsExtendShorterOnes() {
        List<Scene> a = ShapesDataset.generate(7, 300, ShapesSplit.TRAIN);
        assertEquals(a, ShapesDataset.generate(7, 300, ShapesSplit.TRAIN));
        assertEquals(a.subList(0, 40), ShapesDataset.generate(7, 40, ShapesSplit.TRAIN));
        assertEquals(a.get(123), ShapesDataset.scene(7, ShapesSplit.TRAIN, 123));
        assertNotEquals(a, ShapesDataset.generate(8, 300, ShapesSplit.TRAIN));
        assertNotEquals(a, ShapesDataset.generate(7, 300, ShapesSplit.TEST));
        // Pinned, so that a change to the generator (which would silently change every dataset) is noticed.
        assertEquals(List.of(
                        Scene.of(new ShapeObject(ShapeType.SQUARE, ShapeColor.GREEN, ShapeSize.SMALL, 26, 42)),
                        Scene.of(new ShapeObject(ShapeType.SQUARE, ShapeColor.RED, ShapeSize.SMALL, 31, 7)),
                        Scene.of(new ShapeObject(ShapeType.SQUARE, ShapeColor.BLUE, ShapeSize.SMALL, 23, 25), Relation.ABOVE,
                                new ShapeObject(ShapeType.TRIANGLE, ShapeColor.YELLOW, ShapeSize.SMALL, 21, 44))),
                ShapesDataset.generate(1, 3, ShapesSplit.TRAIN));
    }

    @ParameterizedTest
    @EnumSource(ShapesSplit.class)
    void scenesKeepTheirPromises(ShapesSplit split) {
        List<Scene> scenes = ShapesDataset.generate(11, 3000, split);
        Set<ColorShape> pairs = new HashSet<>();
        Set<Relation> relations = EnumSet.noneOf(Relation.class);
        Set<ShapeSize> sizes = EnumSet.noneOf(ShapeSize.class);
        int singles = 0;
        for (Scene scene : scenes) {
            boolean anyHeldOut = false;
            for (ShapeObject o : scene.objects()) {
                int m = ShapesDataset.MARGIN;
                assertTrue(o.x() >= m && o.y() >= m && o.x() + o.side() <= Scene.CANVAS - m
                        && o.y() + o.side() <= Scene.CANVAS - m, scene + " touches the border");
                pairs.add(ColorShape.of(o));
                sizes.add(o.size());
                anyHeldOut |= ShapesDataset.isHeldOut(o);
                if (split != ShapesSplit.HELD_OUT) {
                    assertTrue(!ShapesDataset.isHeldOut(o), scene + " holds a held-out pair");
                }
            }
            if (split == ShapesSplit.HELD_OUT) {
                assertTrue(anyHeldOut, scene + " has no held-out pair");
            }
            if (!scene.hasRelation()) {
                singles++;
                continue;
            }
            relations.add(scene.relation());
            ShapeObject a = scene.first();
            ShapeObject b = scene.second();
            assertTrue(a.shape() != b.shape() || a.color() != b.color() || a.size() != b.size(), scene + ": twins");
            assertRelationIsUnambiguous(scene);
        }
        assertEquals(EnumSet.allOf(Relation.class), relations);
        assertEquals(EnumSet.allOf(ShapeSize.class), sizes);
        assertEquals(split == ShapesSplit.HELD_OUT ? 12 : 9, pairs.size(), "pairs seen: " + pairs);
        assertTrue(Math.abs(singles - 1000) < 100, singles + " one-object scenes of 3000");
    }

    /** Checked from the boxes and the analytic centroids, independently of the generator's own rule. */
    private static void assertRelationIsUnambiguous(Scene scene) {
        ShapeObject a = scene.first();
        ShapeObject b = scene.second();
        boolean apartX = a.x() + a.side() + ShapesDataset.MIN_GAP <= b.x() || b.x() + b.side() + ShapesDataset.MIN_GAP <= a.x();
        boolean apartY = a.y() + a.side() + ShapesDataset.MIN_GAP <= b.y() || b.y() + b.side() + ShapesDataset.MIN_GAP <= a.y();
        assertTrue(scene.relation().horizontal() ? apartX : apartY, scene + ": boxes too close");
        double dx = b.centroidX() - a.centroidX();
        double dy = b.centroidY() - a.centroidY();
        double along = switch (scene.relation()) {
            case LEFT_OF -> dx;
            case RIGHT_OF -> -dx;
            case ABOVE -> dy;
            case BELOW -> -dy;
        };
        double across = Math.abs(scene.relation().horizontal() ? dy : dx);
        assertTrue(along > 0 && along >= 2 * across, scene + ": along " + along + ", across " + across);
    }

    @Test
    void heldOutPairsCoverEachShapeOnce() {
        assertEquals(3, ShapesDataset.HELD_OUT_PAIRS.size());
        Set<ShapeType> shapes = EnumSet.noneOf(ShapeType.class);
        ShapesDataset.HELD_OUT_PAIRS.forEach(p -> shapes.add(p.shape()));
        assertEquals(EnumSet.allOf(ShapeType.class), shapes);
        assertTrue(ShapesDataset.HELD_OUT_PAIRS.contains(new ColorShape(ShapeColor.GREEN, ShapeType.TRIANGLE)));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(AtelierException.class, () -> ShapesDataset.generate(1, -1, ShapesSplit.TRAIN));
        assertThrows(AtelierException.class, () -> ShapesDataset.scene(1, ShapesSplit.TRAIN, -1));
        assertThrows(AtelierException.class, () -> new ShapeObject(ShapeType.SQUARE, ShapeColor.RED, ShapeSize.LARGE, 41, 0));
        ShapeObject o = new ShapeObject(ShapeType.SQUARE, ShapeColor.RED, ShapeSize.SMALL, 0, 0);
        assertThrows(AtelierException.class, () -> new Scene(List.of(o, o), null));
        assertThrows(AtelierException.class, () -> new Scene(List.of(o), Relation.ABOVE));
        assertThrows(AtelierException.class, () -> new Scene(List.of(), null));
    }
}
