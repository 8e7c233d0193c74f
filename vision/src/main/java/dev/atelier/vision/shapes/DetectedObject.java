package dev.atelier.vision.shapes;

/**
 * An object {@link SceneChecker} found in an image: one connected region of one palette colour,
 * with its bounding box ({@code minX, minY, width, height}), pixel count, centroid (of the pixel
 * centres) and the shape and size read from them.
 */
public record DetectedObject(ShapeColor color, ShapeType shape, ShapeSize size, int area,
        int minX, int minY, int width, int height, double centroidX, double centroidY) {

    /** The fraction of the bounding box the region fills: ≈1 square, ≈π/4 circle, ≈1/2 triangle. */
    public double fill() {
        return (double) area / ((long) width * height);
    }

    /**
     * How far down its bounding box the centroid lies, as a fraction of the box height: 1/2 for
     * shapes symmetric top to bottom (circle, square), about 2/3 for the apex-up triangle.
     */
    public double balance() {
        return (centroidY - minY) / height;
    }

    /** "small red circle". */
    public String describe() {
        return size.word() + " " + color.word() + " " + shape.word();
    }
}
