package dev.atelier.vision.grammar;

import dev.atelier.vision.shapes.Captions;
import dev.atelier.vision.shapes.Relation;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.ShapeColor;
import dev.atelier.vision.shapes.ShapeObject;
import dev.atelier.vision.shapes.ShapeSize;
import dev.atelier.vision.shapes.ShapeType;
import dev.atelier.vision.shapes.ShapesDataset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every scene the Shapes grammar can describe, as facts (objects at the origin, see
 * {@link SceneFacts}): 24 single objects and 24 x 23 x 4 ordered pairs with a relation.
 */
public final class CaptionSpace {

    private CaptionSpace() {
    }

    /** The 24 objects (3 shapes x 4 colours x 2 sizes). */
    public static List<ShapeObject> objects() {
        List<ShapeObject> out = new ArrayList<>();
        for (ShapeSize size : ShapeSize.values()) {
            for (ShapeColor color : ShapeColor.values()) {
                for (ShapeType shape : ShapeType.values()) {
                    out.add(new ShapeObject(shape, color, size, 0, 0));
                }
            }
        }
        return out;
    }

    /** Every describable scene; with {@code trainingOnly}, those without a held-out colour-shape pair. */
    public static List<Scene> scenes(boolean trainingOnly) {
        List<ShapeObject> objects = objects().stream()
                .filter(o -> !trainingOnly || !ShapesDataset.isHeldOut(o)).toList();
        List<Scene> out = new ArrayList<>();
        for (ShapeObject a : objects) {
            out.add(Scene.of(a));
        }
        for (ShapeObject a : objects) {
            for (ShapeObject b : objects) {
                if (a.equals(b)) {
                    continue;
                }
                for (Relation r : Relation.values()) {
                    out.add(Scene.of(a, r, b));
                }
            }
        }
        return out;
    }

    /** The canonical caption of every describable scene (both orientations of a pair are included). */
    public static List<String> canonicalCaptions() {
        return scenes(false).stream().map(Captions::canonical).toList();
    }

    /** Every paraphrase of every scene, optionally only of training scenes, without duplicates. */
    public static Set<String> allParaphrases(boolean trainingOnly) {
        Set<String> out = new LinkedHashSet<>();
        for (Scene s : scenes(trainingOnly)) {
            out.addAll(Captions.paraphrases(s));
        }
        return out;
    }
}
