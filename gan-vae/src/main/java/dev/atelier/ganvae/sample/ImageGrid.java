package dev.atelier.ganvae.sample;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.model.ImageSpec;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Converts generator output (CHW floats) to images and lays images out in a grid with grey gutters. */
public final class ImageGrid {
    public static final int GUTTER = 2;
    private static final int GUTTER_RGB = 0x808080;

    private ImageGrid() {
    }

    /** Images from {@code count} CHW blocks of floats in [0, 1] (clamped). */
    public static List<BufferedImage> images(float[] data, ImageSpec spec, int count) {
        int n = spec.size();
        int plane = n * n;
        List<BufferedImage> out = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            int base = b * spec.pixels();
            int[] rgb = new int[plane];
            for (int i = 0; i < plane; i++) {
                int r = toByte(data[base + i]);
                int g = spec.channels() == 3 ? toByte(data[base + plane + i]) : r;
                int bl = spec.channels() == 3 ? toByte(data[base + 2 * plane + i]) : r;
                rgb[i] = (r << 16) | (g << 8) | bl;
            }
            BufferedImage image = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
            image.setRGB(0, 0, n, n, rgb, 0, n);
            out.add(image);
        }
        return out;
    }

    /** {@code images} left to right, top to bottom, {@code columns} per row, each {@code scale} times enlarged. */
    public static BufferedImage grid(List<BufferedImage> images, int columns, int scale) {
        if (images.isEmpty() || columns < 1 || scale < 1 || scale > 16) {
            throw AtelierException.invalidArgument("grid", "a grid needs images, columns >= 1 and a scale in [1, 16]");
        }
        int w = images.get(0).getWidth() * scale;
        int h = images.get(0).getHeight() * scale;
        int rows = (images.size() + columns - 1) / columns;
        BufferedImage sheet = new BufferedImage(columns * (w + GUTTER) + GUTTER, rows * (h + GUTTER) + GUTTER,
                BufferedImage.TYPE_INT_RGB);
        int[] fill = new int[sheet.getWidth() * sheet.getHeight()];
        Arrays.fill(fill, GUTTER_RGB);
        sheet.setRGB(0, 0, sheet.getWidth(), sheet.getHeight(), fill, 0, sheet.getWidth());
        for (int i = 0; i < images.size(); i++) {
            BufferedImage image = images.get(i);
            int x0 = GUTTER + (i % columns) * (w + GUTTER);
            int y0 = GUTTER + (i / columns) * (h + GUTTER);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    sheet.setRGB(x0 + x, y0 + y, image.getRGB(x / scale, y / scale));
                }
            }
        }
        return sheet;
    }

    private static int toByte(float v) {
        return Math.round(Math.clamp(v, 0f, 1f) * 255f);
    }
}
