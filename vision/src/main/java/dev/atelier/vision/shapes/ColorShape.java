package dev.atelier.vision.shapes;

import java.util.Objects;

/** A (colour, shape) combination, the unit the held-out split is defined by. */
public record ColorShape(ShapeColor color, ShapeType shape) {

    public ColorShape {
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(shape, "shape");
    }

    public static ColorShape of(ShapeObject o) {
        return new ColorShape(o.color(), o.shape());
    }

    /** "green triangle". */
    @Override
    public String toString() {
        return color.word() + " " + shape.word();
    }
}
