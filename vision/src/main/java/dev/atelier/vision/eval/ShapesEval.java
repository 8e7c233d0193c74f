package dev.atelier.vision.eval;

import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import java.util.ArrayList;
import java.util.List;

/** Evaluation scenes drawn from a split under an evaluation seed (never the training seed). */
public final class ShapesEval {

    private ShapesEval() {
    }

    /** The first {@code n} one-object scenes of {@code split}. */
    public static List<Scene> singleObjectScenes(long seed, ShapesSplit split, int n) {
        List<Scene> out = new ArrayList<>(n);
        for (int i = 0; out.size() < n; i++) {
            Scene s = ShapesDataset.scene(seed, split, i);
            if (!s.hasRelation()) {
                out.add(s);
            }
        }
        return out;
    }

    /** "green triangle" for every colour-shape pair, colours outer. */
    public static List<String> colorShapeLabels() {
        List<String> out = new ArrayList<>();
        for (var c : dev.atelier.vision.shapes.ShapeColor.values()) {
            for (var s : dev.atelier.vision.shapes.ShapeType.values()) {
                out.add(c.word() + " " + s.word());
            }
        }
        return out;
    }

    public static String colorShapeLabel(Scene s) {
        return s.first().color().word() + " " + s.first().shape().word();
    }
}
