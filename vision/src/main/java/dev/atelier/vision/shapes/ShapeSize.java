package dev.atelier.vision.shapes;

import java.util.Locale;

/** The two sizes, as the side of the shape's bounding box in pixels (on the 64-pixel canvas). */
public enum ShapeSize {
    SMALL(12),
    LARGE(24);

    private final int side;

    ShapeSize(int side) {
        this.side = side;
    }

    public int side() {
        return side;
    }

    /** The caption word: "small". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
