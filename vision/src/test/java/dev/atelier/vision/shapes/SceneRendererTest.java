package dev.atelier.vision.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SceneRendererTest {

    @Test
    void squaresFillTheirBoxExactly() {
        BufferedImage img = SceneRenderer.render(Scene.of(new ShapeObject(ShapeType.SQUARE, ShapeColor.RED, ShapeSize.SMALL, 10, 20)));
        for (int y = 0; y < Scene.CANVAS; y++) {
            for (int x = 0; x < Scene.CANVAS; x++) {
                boolean inside = x >= 10 && x < 22 && y >= 20 && y < 32;
                assertEquals(inside ? 0xFF0000 : 0x000000, img.getRGB(x, y) & 0xFFFFFF, x + "," + y);
            }
        }
    }

    /**
     * Pixel counts worked out by hand from the pixel-centre rule: a disc of radius r centred on a
     * pixel corner covers the centres (±(i + 0.5), ±(j + 0.5)) inside it (112 for r = 6, 448 for
     * r = 12); the triangle's row j has 2 floor(j / 2 + 0.75) pixels (72 and 288).
     */
    @Test
    void circleAndTrianglePixelCountsMatchHandCounts() {
        assertEquals(112, count(ShapeType.CIRCLE, ShapeSize.SMALL));
        assertEquals(448, count(ShapeType.CIRCLE, ShapeSize.LARGE));
        assertEquals(72, count(ShapeType.TRIANGLE, ShapeSize.SMALL));
        assertEquals(288, count(ShapeType.TRIANGLE, ShapeSize.LARGE));
        // The apex row is empty and the base row full.
        BufferedImage t = SceneRenderer.render(Scene.of(new ShapeObject(ShapeType.TRIANGLE, ShapeColor.BLUE, ShapeSize.SMALL, 0, 0)));
        for (int x = 0; x < 12; x++) {
            assertEquals(0, t.getRGB(x, 0) & 0xFFFFFF);
            assertEquals(0x0000FF, t.getRGB(x, 11) & 0xFFFFFF);
        }
    }

    @Test
    void onlyBackgroundAndPaletteColoursAppear() {
        Set<Integer> allowed = Set.of(0x000000, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00);
        for (Scene scene : ShapesDataset.generate(3, 200, ShapesSplit.TRAIN)) {
            BufferedImage img = SceneRenderer.render(scene);
            assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
            for (int y = 0; y < Scene.CANVAS; y++) {
                for (int x = 0; x < Scene.CANVAS; x++) {
                    assertTrue(allowed.contains(img.getRGB(x, y) & 0xFFFFFF));
                }
            }
        }
    }

    private static int count(ShapeType shape, ShapeSize size) {
        BufferedImage img = SceneRenderer.render(Scene.of(new ShapeObject(shape, ShapeColor.GREEN, size, 5, 7)));
        int n = 0;
        for (int y = 0; y < Scene.CANVAS; y++) {
            for (int x = 0; x < Scene.CANVAS; x++) {
                n += (img.getRGB(x, y) & 0xFFFFFF) == 0x00FF00 ? 1 : 0;
            }
        }
        return n;
    }
}
