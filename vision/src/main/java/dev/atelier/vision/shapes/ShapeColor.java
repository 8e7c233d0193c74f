package dev.atelier.vision.shapes;

import java.util.Locale;

/**
 * The four palette colours. They are pure (each channel 0 or 255) and at least 255 apart from each
 * other and from the black background, so a pixel's nearest palette entry survives heavy noise.
 */
public enum ShapeColor {
    RED(0xFF0000),
    GREEN(0x00FF00),
    BLUE(0x0000FF),
    YELLOW(0xFFFF00);

    private final int rgb;

    ShapeColor(int rgb) {
        this.rgb = rgb;
    }

    /** {@code 0xRRGGBB}. */
    public int rgb() {
        return rgb;
    }

    /** The caption word: "red". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
