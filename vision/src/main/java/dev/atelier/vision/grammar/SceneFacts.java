package dev.atelier.vision.grammar;

import dev.atelier.vision.shapes.Captions;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.ShapeObject;
import java.util.Objects;

/**
 * What a caption can say about a scene: each object's size, colour and shape and the relation,
 * not the positions. "A left of B" and "B right of A" are the same facts.
 */
public final class SceneFacts {

    private SceneFacts() {
    }

    /** A string naming the facts, equal for two scenes exactly when they state the same facts. */
    public static String key(Scene scene) {
        Objects.requireNonNull(scene, "scene");
        String forward = Captions.canonical(scene);
        if (!scene.hasRelation()) {
            return forward;
        }
        String backward = Captions.canonical(Scene.of(scene.second(), scene.relation().inverse(), scene.first()));
        return forward.compareTo(backward) <= 0 ? forward : backward;
    }

    public static boolean same(Scene a, Scene b) {
        return key(a).equals(key(b));
    }

    /** The object with only its attributes kept (placed at the top left; positions carry no facts here). */
    static ShapeObject attributesOnly(ShapeObject o) {
        return new ShapeObject(o.shape(), o.color(), o.size(), 0, 0);
    }
}
