package dev.atelier.vision.shapes;

import java.util.List;

/**
 * Where the first object of a two-object scene is relative to the second, judged on the image
 * (x to the right, y down) from the objects' centroids.
 */
public enum Relation {
    LEFT_OF("left of", "to the left of"),
    RIGHT_OF("right of", "to the right of"),
    ABOVE("above", "over"),
    BELOW("below", "beneath");

    private final List<String> phrases;

    Relation(String... phrases) {
        this.phrases = List.of(phrases);
    }

    /** The canonical caption phrase: "left of". */
    public String phrase() {
        return phrases.get(0);
    }

    /** Every phrase the captions use for this relation, canonical first. */
    public List<String> phrases() {
        return phrases;
    }

    /** The same fact seen from the other object: A left of B is B right of A. */
    public Relation inverse() {
        return switch (this) {
            case LEFT_OF -> RIGHT_OF;
            case RIGHT_OF -> LEFT_OF;
            case ABOVE -> BELOW;
            case BELOW -> ABOVE;
        };
    }

    /** True for left of / right of. */
    public boolean horizontal() {
        return this == LEFT_OF || this == RIGHT_OF;
    }

    /**
     * The relation of a point at {@code (ax, ay)} to one at {@code (bx, by)}: along the axis on which
     * they are further apart; null when they are exactly diagonal (or the same point).
     */
    public static Relation between(double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        if (Math.abs(dx) > Math.abs(dy)) {
            return dx > 0 ? LEFT_OF : RIGHT_OF;
        }
        if (Math.abs(dy) > Math.abs(dx)) {
            return dy > 0 ? ABOVE : BELOW;
        }
        return null;
    }
}
