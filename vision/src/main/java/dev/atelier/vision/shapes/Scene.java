package dev.atelier.vision.shapes;

import dev.atelier.core.error.AtelierException;
import java.util.List;
import java.util.Objects;

/**
 * A Shapes scene: one object, or two objects and the relation of the first to the second
 * ({@code objects.get(0)} is {@code relation} {@code objects.get(1)}). {@code relation} is null
 * exactly when there is one object. Positions are where {@link SceneRenderer} draws; a scene used
 * as an expectation for {@link SceneChecker} is judged on attributes and relation only.
 */
public record Scene(List<ShapeObject> objects, Relation relation) {

    /** Width and height of every Shapes image, in pixels. */
    public static final int CANVAS = 64;

    public Scene {
        Objects.requireNonNull(objects, "objects");
        objects = List.copyOf(objects);
        if (objects.isEmpty() || objects.size() > 2) {
            throw AtelierException.invalidArgument("scene", "a scene has 1 or 2 objects, not " + objects.size());
        }
        if ((objects.size() == 2) != (relation != null)) {
            throw AtelierException.invalidArgument("scene", "a scene has a relation exactly when it has two objects");
        }
    }

    public static Scene of(ShapeObject only) {
        return new Scene(List.of(only), null);
    }

    public static Scene of(ShapeObject first, Relation relation, ShapeObject second) {
        Objects.requireNonNull(relation, "relation");
        return new Scene(List.of(first, second), relation);
    }

    public ShapeObject first() {
        return objects.get(0);
    }

    /** The second object; only for two-object scenes. */
    public ShapeObject second() {
        if (objects.size() < 2) {
            throw new IllegalStateException("a one-object scene has no second object");
        }
        return objects.get(1);
    }

    public boolean hasRelation() {
        return relation != null;
    }

    /** The canonical caption: "a small red circle left of a large blue square". */
    public String caption() {
        return Captions.canonical(this);
    }
}
