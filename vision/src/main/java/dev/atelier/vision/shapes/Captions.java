package dev.atelier.vision.shapes;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Captions of a scene from a small grammar:
 *
 * <pre>
 * caption  = object | object [","] relation object
 * object   = "a" size colour shape | "a" colour shape "that is" size | "a" size shape "that is" colour
 * relation = "left of" | "to the left of" | "right of" | "to the right of" | "above" | "over" | "below" | "beneath"
 * </pre>
 *
 * The comma follows a "that is" phrase, so its attribute is not read as part of the relation. A
 * two-object scene is also described from its second object with the inverse relation ("B right of A"
 * for "A left of B"), so every caption states the same facts.
 */
public final class Captions {

    private Captions() {
    }

    /** "a small red circle left of a large blue square", or "a large yellow triangle". */
    public static String canonical(Scene scene) {
        Objects.requireNonNull(scene, "scene");
        String first = objectPhrases(scene.first()).get(0);
        if (!scene.hasRelation()) {
            return first;
        }
        return first + " " + scene.relation().phrase() + " " + objectPhrases(scene.second()).get(0);
    }

    /**
     * The same scene told in reading order, left to right and top to bottom: "A right of B" becomes
     * "B left of A" and "A below B" becomes "B above A". Which object a caption names first is then
     * a property of the image, not a coin the scene generator tossed.
     */
    public static Scene readingOrder(Scene scene) {
        Objects.requireNonNull(scene, "scene");
        if (scene.hasRelation() && (scene.relation() == Relation.RIGHT_OF || scene.relation() == Relation.BELOW)) {
            return Scene.of(scene.second(), scene.relation().inverse(), scene.first());
        }
        return scene;
    }

    /** Every caption of the grammar for this scene, the canonical one first, without duplicates. */
    public static List<String> paraphrases(Scene scene) {
        Objects.requireNonNull(scene, "scene");
        if (!scene.hasRelation()) {
            return objectPhrases(scene.first());
        }
        Set<String> all = new LinkedHashSet<>();
        addPairs(all, scene.first(), scene.relation(), scene.second());
        addPairs(all, scene.second(), scene.relation().inverse(), scene.first());
        return List.copyOf(all);
    }

    /** "a small red circle", "a red circle that is small", "a small circle that is red". */
    public static List<String> objectPhrases(ShapeObject o) {
        String size = o.size().word();
        String color = o.color().word();
        String shape = o.shape().word();
        return List.of(
                "a " + size + " " + color + " " + shape,
                "a " + color + " " + shape + " that is " + size,
                "a " + size + " " + shape + " that is " + color);
    }

    private static void addPairs(Set<String> out, ShapeObject a, Relation relation, ShapeObject b) {
        List<String> firsts = objectPhrases(a);
        List<String> seconds = objectPhrases(b);
        for (String phrase : relation.phrases()) {
            for (String first : firsts) {
                String lead = first.contains(" that is ") ? first + "," : first;
                for (String second : seconds) {
                    out.add(lead + " " + phrase + " " + second);
                }
            }
        }
    }
}
