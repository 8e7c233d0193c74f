package dev.atelier.vision.shapes;

import java.util.List;

/**
 * The verdict of {@link SceneChecker#check}: passed when the image holds exactly the expected
 * number of objects, each matches its expected colour, shape and size, and (for two objects) their
 * centroids stand in the expected relation. {@code observedRelation} is that of the objects matched
 * to the first and second expected object, null when there is none. {@code problems} says in words
 * what failed.
 */
public record CheckResult(boolean passed, boolean countCorrect, boolean relationCorrect, List<ObjectCheck> objects,
        Relation expectedRelation, Relation observedRelation, List<DetectedObject> detected, List<String> problems) {

    public CheckResult {
        objects = List.copyOf(objects);
        detected = List.copyOf(detected);
        problems = List.copyOf(problems);
    }

    public boolean colorsCorrect() {
        return objects.stream().allMatch(ObjectCheck::colorCorrect);
    }

    public boolean shapesCorrect() {
        return objects.stream().allMatch(ObjectCheck::shapeCorrect);
    }

    public boolean sizesCorrect() {
        return objects.stream().allMatch(ObjectCheck::sizeCorrect);
    }

    @Override
    public String toString() {
        return passed ? "passed" : "failed: " + String.join("; ", problems);
    }
}
