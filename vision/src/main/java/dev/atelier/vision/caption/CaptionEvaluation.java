package dev.atelier.vision.caption;

import dev.atelier.vision.clip.ClipImages;
import dev.atelier.vision.grammar.CaptionParser;
import dev.atelier.vision.shapes.Relation;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.SceneRenderer;
import dev.atelier.vision.shapes.ShapeObject;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Judges captions against the scenes' truth by parsing them with {@link CaptionParser}, never with
 * a model: {@code exact} when every object's size, colour and shape and the relation are right;
 * {@code colorShapeRelation} when colours, shapes and the relation are (sizes ignored).
 */
public final class CaptionEvaluation {

    public record Result(int scenes, double exact, double colorShapeRelation, double parseable) {
    }

    private CaptionEvaluation() {
    }

    /**
     * Captions the first {@code n} scenes of a split and judges them; {@code captioner} takes the
     * scenes' images as {@link ClipImages#tensor} tensors.
     */
    public static Result evaluate(Function<List<float[]>, List<String>> captioner, long seed, ShapesSplit split, int n) {
        List<Scene> scenes = ShapesDataset.generate(seed, n, split);
        return judge(scenes, captioner.apply(scenes.stream().map(s -> ClipImages.tensor(SceneRenderer.render(s))).toList()));
    }

    public static Result judge(List<Scene> scenes, List<String> captions) {
        int exact = 0;
        int loose = 0;
        int parsed = 0;
        for (int i = 0; i < scenes.size(); i++) {
            Optional<Scene> read = CaptionParser.parse(captions.get(i));
            if (read.isEmpty()) {
                continue;
            }
            parsed++;
            if (CaptionParser.correct(captions.get(i), scenes.get(i))) {
                exact++;
            }
            if (colorShapeRelation(read.get(), scenes.get(i))) {
                loose++;
            }
        }
        double n = scenes.size();
        return new Result(scenes.size(), exact / n, loose / n, parsed / n);
    }

    /** Same colours, shapes and relation, in either description order; sizes not compared. */
    static boolean colorShapeRelation(Scene said, Scene truth) {
        if (said.objects().size() != truth.objects().size()) {
            return false;
        }
        if (!truth.hasRelation()) {
            return sameKind(said.first(), truth.first());
        }
        boolean forward = sameKind(said.first(), truth.first()) && sameKind(said.second(), truth.second())
                && said.relation() == truth.relation();
        Relation inverse = truth.relation().inverse();
        boolean backward = sameKind(said.first(), truth.second()) && sameKind(said.second(), truth.first())
                && said.relation() == inverse;
        return forward || backward;
    }

    private static boolean sameKind(ShapeObject a, ShapeObject b) {
        return a.color() == b.color() && a.shape() == b.shape();
    }
}
