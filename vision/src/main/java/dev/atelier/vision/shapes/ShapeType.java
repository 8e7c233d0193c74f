package dev.atelier.vision.shapes;

import java.util.Locale;

/** The three shapes of the Shapes dataset, told apart by how much of their bounding box they fill. */
public enum ShapeType {
    /** A disc filling about π/4 ≈ 0.785 of its box. */
    CIRCLE,
    /** Fills its box. */
    SQUARE,
    /** Isosceles, apex up, base along the bottom of its box: fills about half of it. */
    TRIANGLE;

    /** The caption word: "circle". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
