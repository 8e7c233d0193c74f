package dev.atelier.vision.shapes;

import dev.atelier.core.error.AtelierException;
import java.util.Objects;

/**
 * One object of a scene: its attributes and the top-left corner {@code (x, y)} of its
 * {@code side x side} bounding box on the {@value Scene#CANVAS}-pixel canvas.
 */
public record ShapeObject(ShapeType shape, ShapeColor color, ShapeSize size, int x, int y) {

    public ShapeObject {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(size, "size");
        if (x < 0 || y < 0 || x + size.side() > Scene.CANVAS || y + size.side() > Scene.CANVAS) {
            throw AtelierException.invalidArgument("scene", "a " + size.word() + " object at (" + x + ", " + y
                    + ") does not fit on the " + Scene.CANVAS + "-pixel canvas");
        }
    }

    public int side() {
        return size.side();
    }

    /** The centroid of the filled shape (continuous coordinates, pixel edges at integers). */
    public double centroidX() {
        return x + side() / 2.0;
    }

    /** The centroid of the filled shape; a triangle's lies two thirds of the way down its box. */
    public double centroidY() {
        return shape == ShapeType.TRIANGLE ? y + 2.0 * side() / 3 : y + side() / 2.0;
    }

    /** Whether the point {@code (px, py)} (continuous coordinates) lies inside the shape. */
    public boolean covers(double px, double py) {
        double s = side();
        if (px < x || px >= x + s || py < y || py >= y + s) {
            return false;
        }
        double mx = x + s / 2;
        return switch (shape) {
            case SQUARE -> true;
            case CIRCLE -> {
                double dx = px - mx;
                double dy = py - (y + s / 2);
                yield dx * dx + dy * dy <= s * s / 4;
            }
            // Half-width grows from 0 at the apex (top) to s/2 at the base.
            case TRIANGLE -> Math.abs(px - mx) <= (py - y) / 2;
        };
    }

    /** "small red circle". */
    public String describe() {
        return size.word() + " " + color.word() + " " + shape.word();
    }

    public ShapeObject withShape(ShapeType newShape) {
        return new ShapeObject(newShape, color, size, x, y);
    }

    public ShapeObject withColor(ShapeColor newColor) {
        return new ShapeObject(shape, newColor, size, x, y);
    }

    /** The same object at another size, kept centred where it fits and moved onto the canvas where not. */
    public ShapeObject withSize(ShapeSize newSize) {
        int offset = (side() - newSize.side()) / 2;
        int max = Scene.CANVAS - newSize.side();
        return new ShapeObject(shape, color, newSize, Math.clamp(x + offset, 0, max), Math.clamp(y + offset, 0, max));
    }
}
