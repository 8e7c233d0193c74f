package dev.atelier.vision.clip;

import dev.atelier.vision.grammar.SceneFacts;
import dev.atelier.vision.mnist.Mnist;
import dev.atelier.vision.shapes.Captions;
import dev.atelier.vision.shapes.Relation;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.SceneRenderer;
import dev.atelier.vision.shapes.ShapeObject;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training pairs for the dual encoder: fresh Shapes TRAIN scenes, each with a random paraphrase of
 * its caption, and, when MNIST is given, a share of MNIST training digits captioned
 * "a handwritten digit seven". Every pair carries its fact key, so the loss knows which texts in a
 * batch are also true of an image. Half of the two-object scenes come with a hard-negative twin.
 */
public final class ClipData {

    public record Example(float[] image, String text, String fact) {
    }

    /** Chance that a two-object scene brings its hard-negative twin into the batch. */
    static final double TWIN_SHARE = 0.5;

    private final long seed;
    private final Mnist mnist;
    private final double mnistShare;
    private long nextScene;

    /** {@code mnist} may be null (Shapes only); {@code mnistShare} is the expected MNIST fraction of a batch. */
    public ClipData(long seed, Mnist mnist, double mnistShare) {
        this.seed = seed;
        this.mnist = mnist;
        this.mnistShare = mnist == null ? 0 : mnistShare;
    }

    public List<Example> batch(int size, SplittableRandom rng) {
        List<Example> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            if (mnistShare > 0 && rng.nextDouble() < mnistShare) {
                int index = rng.nextInt(mnist.count());
                int digit = mnist.label(index);
                out.add(new Example(ClipImages.tensor(ClipImages.mnistImage(mnist, index)), Mnist.caption(digit),
                        "mnist:" + digit));
            } else {
                Scene scene = ShapesDataset.scene(seed, ShapesSplit.TRAIN, (int) nextScene++);
                out.add(example(scene, rng));
                Scene twin = i + 1 < size && rng.nextDouble() < TWIN_SHARE ? twin(scene, rng) : null;
                if (twin != null) {
                    out.add(example(twin, rng));
                    i++;
                }
            }
        }
        return out;
    }

    private static Example example(Scene scene, SplittableRandom rng) {
        List<String> captions = Captions.paraphrases(scene);
        return new Example(ClipImages.tensor(SceneRenderer.render(scene)), captions.get(rng.nextInt(captions.size())),
                SceneFacts.key(scene));
    }

    /**
     * A hard negative for a two-object scene: the same scene mirrored left-right (so the relation
     * flips) or with the two objects' colours exchanged, never making a held-out pair; null when
     * neither applies. In one batch with the original, only binding and relation tell them apart.
     */
    static Scene twin(Scene scene, SplittableRandom rng) {
        if (!scene.hasRelation()) {
            return null;
        }
        ShapeObject a = scene.first();
        ShapeObject b = scene.second();
        if (scene.relation().horizontal() && rng.nextBoolean()) {
            ShapeObject ma = mirror(a);
            ShapeObject mb = mirror(b);
            Relation flipped = scene.relation().inverse();
            return ShapesDataset.unambiguous(ma, flipped, mb) ? Scene.of(ma, flipped, mb) : null;
        }
        ShapeObject ca = a.withColor(b.color());
        ShapeObject cb = b.withColor(a.color());
        if (a.color() == b.color() || ca.equals(cb) || ShapesDataset.isHeldOut(ca) || ShapesDataset.isHeldOut(cb)) {
            return null;
        }
        return Scene.of(ca, scene.relation(), cb);
    }

    private static ShapeObject mirror(ShapeObject o) {
        return new ShapeObject(o.shape(), o.color(), o.size(), Scene.CANVAS - o.x() - o.side(), o.y());
    }

    /** The captions a batch can hold besides Shapes paraphrases. */
    public List<String> extraCaptions() {
        List<String> out = new ArrayList<>();
        if (mnist != null) {
            for (int d = 0; d < 10; d++) {
                out.add(Mnist.caption(d));
            }
        }
        return out;
    }
}
