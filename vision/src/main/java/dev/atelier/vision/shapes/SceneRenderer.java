package dev.atelier.vision.shapes;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Objects;

/**
 * Draws a scene on a black {@value Scene#CANVAS} x {@value Scene#CANVAS} canvas. A pixel takes an
 * object's colour when the object covers the pixel's centre: no anti-aliasing, so every pixel is
 * black or a palette colour, and the output is the same on every JDK and platform (Java2D's
 * rasteriser is not involved).
 */
public final class SceneRenderer {

    /** Black: every palette colour is at least 255 away from it. */
    public static final int BACKGROUND = 0x000000;

    private SceneRenderer() {
    }

    /** A {@link BufferedImage#TYPE_INT_RGB} image; where objects overlap, the later one is on top. */
    public static BufferedImage render(Scene scene) {
        Objects.requireNonNull(scene, "scene");
        int[] pixels = new int[Scene.CANVAS * Scene.CANVAS];
        Arrays.fill(pixels, BACKGROUND);
        for (ShapeObject o : scene.objects()) {
            for (int py = o.y(); py < o.y() + o.side(); py++) {
                for (int px = o.x(); px < o.x() + o.side(); px++) {
                    if (o.covers(px + 0.5, py + 0.5)) {
                        pixels[py * Scene.CANVAS + px] = o.color().rgb();
                    }
                }
            }
        }
        BufferedImage image = new BufferedImage(Scene.CANVAS, Scene.CANVAS, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, Scene.CANVAS, Scene.CANVAS, pixels, 0, Scene.CANVAS);
        return image;
    }
}
