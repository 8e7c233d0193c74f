package dev.atelier.vision.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.vision.image.Interpolation;
import dev.atelier.vision.image.Preprocess;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SceneCheckerTest {

    private static final SceneChecker CHECKER = new SceneChecker();

    /** 1600 scenes: four seeds, every split. */
    private static List<Scene> scenes() {
        List<Scene> scenes = new ArrayList<>();
        for (long seed : new long[] {1, 2, 3, 4}) {
            for (ShapesSplit split : ShapesSplit.values()) {
                scenes.addAll(ShapesDataset.generate(seed, 100, split));
            }
        }
        return scenes;
    }

    @Test
    void everyTrueRenderPasses() {
        List<Scene> scenes = scenes();
        int passed = 0;
        for (Scene scene : scenes) {
            CheckResult result = CHECKER.check(SceneRenderer.render(scene), scene);
            assertTrue(result.passed(), scene + ": " + result);
            passed++;
            // Detection reads the drawn boxes back exactly.
            for (ObjectCheck c : result.objects()) {
                DetectedObject d = c.found();
                assertEquals(c.expected().x(), d.minX(), scene.toString());
                assertEquals(c.expected().x() + c.expected().side(), d.minX() + d.width(), scene.toString());
            }
        }
        System.out.printf("scene checker: %d/%d true renders pass%n", passed, scenes.size());
    }

    @Test
    void fillRatiosSitFarFromTheThresholds() {
        double[] min = {1, 1, 1};
        double[] max = {0, 0, 0};
        for (ShapeType shape : ShapeType.values()) {
            for (ShapeSize size : ShapeSize.values()) {
                DetectedObject d = CHECKER.detect(SceneRenderer.render(
                        Scene.of(new ShapeObject(shape, ShapeColor.RED, size, 9, 9)))).get(0);
                min[shape.ordinal()] = Math.min(min[shape.ordinal()], d.fill());
                max[shape.ordinal()] = Math.max(max[shape.ordinal()], d.fill());
            }
        }
        assertEquals(1.0, min[ShapeType.SQUARE.ordinal()]);
        assertEquals(112 / 144.0, min[ShapeType.CIRCLE.ordinal()], 1e-9); // hand counts, see SceneRendererTest
        assertEquals(72 / 132.0, max[ShapeType.TRIANGLE.ordinal()], 1e-9); // 72 pixels in a 12 x 11 box
        assertEquals(288 / 552.0, min[ShapeType.TRIANGLE.ordinal()], 1e-9); // 288 pixels in 24 x 23
        assertTrue(SceneChecker.SQUARE_FILL - max[ShapeType.CIRCLE.ordinal()] > 0.1);
        // Balance: the small triangle's centroid row, worked out from its row counts 2, 2, 4, 4, ..., 12
        // (rows 1..11 of its box): mean row offset 470 / 72, plus half a pixel, over a height of 11.
        DetectedObject triangle = CHECKER.detect(SceneRenderer.render(Scene.of(
                new ShapeObject(ShapeType.TRIANGLE, ShapeColor.RED, ShapeSize.SMALL, 9, 9)))).get(0);
        assertEquals((470 / 72.0 + 0.5) / 11, triangle.balance(), 1e-9);
        DetectedObject circle = CHECKER.detect(SceneRenderer.render(Scene.of(
                new ShapeObject(ShapeType.CIRCLE, ShapeColor.RED, ShapeSize.LARGE, 9, 9)))).get(0);
        assertEquals(0.5, circle.balance(), 1e-9);
        assertTrue(SceneChecker.CIRCLE_FILL - max[ShapeType.TRIANGLE.ordinal()] > 0.1);
    }

    @Test
    void everyMutatedExpectationFails() {
        int mutations = 0;
        int caught = 0;
        for (Scene scene : scenes()) {
            BufferedImage image = SceneRenderer.render(scene);
            for (Mutation m : mutations(scene)) {
                CheckResult result = CHECKER.check(image, m.expected());
                mutations++;
                assertFalse(result.passed(), m.kind() + " not caught: expected " + m.expected() + " for " + scene);
                caught++;
                switch (m.kind()) {
                    case "colour" -> assertFalse(result.colorsCorrect() && result.relationCorrect(), m.expected().toString());
                    case "shape" -> assertFalse(result.shapesCorrect() && result.relationCorrect(), m.expected().toString());
                    case "size" -> assertFalse(result.sizesCorrect() && result.relationCorrect(), m.expected().toString());
                    default -> assertFalse(result.relationCorrect(), m.expected().toString());
                }
            }
        }
        assertTrue(mutations > 10_000, mutations + " mutations");
        System.out.printf("scene checker: %d/%d mutated expectations caught%n", caught, mutations);
    }

    private record Mutation(String kind, Scene expected) {
    }

    /**
     * Every single-attribute change of either object, the two objects' colours, shapes or sizes
     * swapped (where they differ), every other relation, and the objects swapped with the relation kept.
     */
    private static List<Mutation> mutations(Scene scene) {
        List<Mutation> out = new ArrayList<>();
        for (int i = 0; i < scene.objects().size(); i++) {
            ShapeObject o = scene.objects().get(i);
            for (ShapeColor c : ShapeColor.values()) {
                if (c != o.color()) {
                    out.add(new Mutation("colour", replace(scene, i, o.withColor(c))));
                }
            }
            for (ShapeType t : ShapeType.values()) {
                if (t != o.shape()) {
                    out.add(new Mutation("shape", replace(scene, i, o.withShape(t))));
                }
            }
            out.add(new Mutation("size", replace(scene, i, o.withSize(
                    o.size() == ShapeSize.SMALL ? ShapeSize.LARGE : ShapeSize.SMALL))));
        }
        if (!scene.hasRelation()) {
            return out;
        }
        ShapeObject a = scene.first();
        ShapeObject b = scene.second();
        swap(out, "colour", scene, a.color() != b.color(), o -> o.withColor(b.color()), o -> o.withColor(a.color()));
        swap(out, "shape", scene, a.shape() != b.shape(), o -> o.withShape(b.shape()), o -> o.withShape(a.shape()));
        swap(out, "size", scene, a.size() != b.size(), o -> o.withSize(b.size()), o -> o.withSize(a.size()));
        for (Relation r : Relation.values()) {
            if (r != scene.relation()) {
                out.add(new Mutation("relation", Scene.of(a, r, b)));
            }
        }
        out.add(new Mutation("relation", Scene.of(b, scene.relation(), a)));
        return out;
    }

    private static void swap(List<Mutation> out, String kind, Scene scene, boolean differ,
            Function<ShapeObject, ShapeObject> first, Function<ShapeObject, ShapeObject> second) {
        if (differ) {
            out.add(new Mutation(kind, Scene.of(first.apply(scene.first()), scene.relation(), second.apply(scene.second()))));
        }
    }

    private static Scene replace(Scene scene, int index, ShapeObject o) {
        List<ShapeObject> objects = new ArrayList<>(scene.objects());
        objects.set(index, o);
        return new Scene(objects, scene.relation());
    }

    @Test
    void gaussianNoiseDoesNotChangeTheVerdict() {
        Random random = new Random(5);
        List<Scene> scenes = scenes();
        int passed = 0;
        for (Scene scene : scenes) {
            BufferedImage image = SceneRenderer.render(scene);
            for (int y = 0; y < Scene.CANVAS; y++) {
                for (int x = 0; x < Scene.CANVAS; x++) {
                    int rgb = image.getRGB(x, y);
                    int noisy = 0;
                    for (int shift = 16; shift >= 0; shift -= 8) {
                        int v = (int) Math.round(((rgb >> shift) & 0xFF) + 10 * random.nextGaussian());
                        noisy |= Math.clamp(v, 0, 255) << shift;
                    }
                    image.setRGB(x, y, noisy);
                }
            }
            passed += CHECKER.check(image, scene).passed() ? 1 : 0;
        }
        double rate = passed / (double) scenes.size();
        System.out.printf("scene checker: %d/%d pass with gaussian noise (sigma 10)%n", passed, scenes.size());
        assertTrue(rate >= 0.99, "pass rate with noise " + rate);
    }

    @Test
    void isolatedSpecksAreIgnored() {
        Random random = new Random(6);
        List<Scene> scenes = scenes();
        int passed = 0;
        ShapeColor[] colors = ShapeColor.values();
        for (Scene scene : scenes) {
            BufferedImage image = SceneRenderer.render(scene);
            BufferedImage clean = SceneRenderer.render(scene);
            for (int k = 0; k < 30; k++) {
                // 2 x 2 specks of random palette colours, away from the objects (a speck touching an
                // object is part of it, and changes its outline).
                int x = random.nextInt(Scene.CANVAS - 1);
                int y = random.nextInt(Scene.CANVAS - 1);
                if (touchesObject(clean, x, y)) {
                    continue;
                }
                int c = colors[random.nextInt(colors.length)].rgb();
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        image.setRGB(x + dx, y + dy, c);
                    }
                }
            }
            passed += CHECKER.check(image, scene).passed() ? 1 : 0;
        }
        double rate = passed / (double) scenes.size();
        System.out.printf("scene checker: %d/%d pass with 30 2x2 specks%n", passed, scenes.size());
        assertTrue(rate >= 0.99, "pass rate with specks " + rate);
    }

    private static boolean touchesObject(BufferedImage clean, int x, int y) {
        for (int py = Math.max(0, y - 1); py <= Math.min(Scene.CANVAS - 1, y + 2); py++) {
            for (int px = Math.max(0, x - 1); px <= Math.min(Scene.CANVAS - 1, x + 2); px++) {
                if ((clean.getRGB(px, py) & 0xFFFFFF) != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Soft edges, as a generator's upsampled output has: 64 -> 32 (area) -> 64 (bilinear). */
    @Test
    void softenedEdgesStillPass() {
        List<Scene> scenes = scenes();
        int passed = 0;
        for (Scene scene : scenes) {
            BufferedImage soft = Preprocess.resize(Preprocess.resize(SceneRenderer.render(scene), 32, 32,
                    Interpolation.AREA), 64, 64, Interpolation.BILINEAR);
            passed += CHECKER.check(soft, scene).passed() ? 1 : 0;
        }
        double rate = passed / (double) scenes.size();
        System.out.printf("scene checker: %d/%d pass after 64->32->64 resampling%n", passed, scenes.size());
        assertTrue(rate >= 0.99, "pass rate with soft edges " + rate);
    }

    @Test
    void offPaletteColoursAreBackground() {
        BufferedImage image = new BufferedImage(Scene.CANVAS, Scene.CANVAS, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < Scene.CANVAS; y++) {
            for (int x = 0; x < Scene.CANVAS; x++) {
                // White, magenta, mid grey, dark red: each beyond 128 of every palette colour or nearer black.
                int[] off = {0xFFFFFF, 0xFF00FF, 0x808080, 0x700000};
                image.setRGB(x, y, off[(x / 16) % 4]);
            }
        }
        assertEquals(List.of(), CHECKER.detect(image));
        // Near-palette colours still count: (200, 30, 20) is red.
        image.setRGB(0, 0, Scene.CANVAS, Scene.CANVAS, new int[Scene.CANVAS * Scene.CANVAS], 0, Scene.CANVAS);
        for (int y = 10; y < 30; y++) {
            for (int x = 10; x < 30; x++) {
                image.setRGB(x, y, 0xC81E14);
            }
        }
        List<DetectedObject> found = CHECKER.detect(image);
        assertEquals(1, found.size());
        assertEquals(ShapeColor.RED, found.get(0).color());
        assertEquals(ShapeType.SQUARE, found.get(0).shape());
        assertEquals(ShapeSize.LARGE, found.get(0).size());
        assertEquals(20.0, found.get(0).centroidX(), 1e-9);
    }

    @Test
    void wrongCountsAndMissingObjectsAreReported() {
        ShapeObject circle = new ShapeObject(ShapeType.CIRCLE, ShapeColor.RED, ShapeSize.SMALL, 5, 30);
        ShapeObject square = new ShapeObject(ShapeType.SQUARE, ShapeColor.BLUE, ShapeSize.LARGE, 30, 25);
        Scene pair = Scene.of(circle, Relation.LEFT_OF, square);
        BufferedImage image = SceneRenderer.render(pair);
        assertTrue(CHECKER.check(image, pair).passed());

        CheckResult extra = CHECKER.check(image, Scene.of(circle));
        assertFalse(extra.passed());
        assertFalse(extra.countCorrect());
        assertTrue(extra.objects().get(0).correct());
        assertEquals(List.of("expected 1 object, found 2"), extra.problems());

        CheckResult missing = CHECKER.check(SceneRenderer.render(Scene.of(circle)), pair);
        assertFalse(missing.passed());
        assertTrue(missing.problems().contains("the large blue square is missing"), missing.toString());
        assertNull(missing.observedRelation());

        CheckResult swapped = CHECKER.check(image, Scene.of(circle, Relation.ABOVE, square));
        assertEquals(Relation.LEFT_OF, swapped.observedRelation());
        assertEquals(List.of("the small red circle is not above the large blue square but left of"), swapped.problems());
    }

    @Test
    void exactDiagonalIsNoRelation() {
        ShapeObject a = new ShapeObject(ShapeType.SQUARE, ShapeColor.RED, ShapeSize.SMALL, 4, 4);
        ShapeObject b = new ShapeObject(ShapeType.SQUARE, ShapeColor.GREEN, ShapeSize.SMALL, 30, 30);
        CheckResult result = CHECKER.check(SceneRenderer.render(Scene.of(a, Relation.LEFT_OF, b)), Scene.of(a, Relation.LEFT_OF, b));
        assertFalse(result.passed());
        assertNull(result.observedRelation());
        assertNull(Relation.between(0, 0, 5, 5));
        assertEquals(Relation.BELOW, Relation.between(0, 10, 1, 0));
    }

    @Test
    void onlySixtyFourSquareImagesAreRead() {
        AtelierException e = assertThrows(AtelierException.class,
                () -> CHECKER.detect(new BufferedImage(32, 64, BufferedImage.TYPE_INT_RGB)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertThrows(AtelierException.class, () -> new SceneChecker(0, 16));
    }
}
