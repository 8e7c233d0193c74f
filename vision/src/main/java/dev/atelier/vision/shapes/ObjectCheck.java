package dev.atelier.vision.shapes;

/**
 * How one expected object fared: the detected object it was matched to ({@code null} when none was
 * left to match) and whether each attribute agrees.
 */
public record ObjectCheck(ShapeObject expected, DetectedObject found, boolean colorCorrect, boolean shapeCorrect,
        boolean sizeCorrect) {

    static ObjectCheck of(ShapeObject expected, DetectedObject found) {
        if (found == null) {
            return new ObjectCheck(expected, null, false, false, false);
        }
        return new ObjectCheck(expected, found, expected.color() == found.color(), expected.shape() == found.shape(),
                expected.size() == found.size());
    }

    public boolean correct() {
        return colorCorrect && shapeCorrect && sizeCorrect;
    }

    int score() {
        return (colorCorrect ? 1 : 0) + (shapeCorrect ? 1 : 0) + (sizeCorrect ? 1 : 0);
    }
}
