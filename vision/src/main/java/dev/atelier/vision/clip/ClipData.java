package dev.atelier.vision.clip;

import dev.atelier.vision.grammar.SceneFacts;
import dev.atelier.vision.mnist.Mnist;
import dev.atelier.vision.shapes.Captions;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.SceneRenderer;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training pairs for the dual encoder: fresh Shapes TRAIN scenes, each with a random paraphrase of
 * its caption, and, when MNIST is given, a share of MNIST training digits captioned
 * "a handwritten digit seven". Every pair carries its fact key, so the loss knows which texts in a
 * batch are also true of an image.
 */
public final class ClipData {

    public record Example(float[] image, String text, String fact) {
    }

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
                List<String> captions = Captions.paraphrases(scene);
                out.add(new Example(ClipImages.tensor(SceneRenderer.render(scene)),
                        captions.get(rng.nextInt(captions.size())), SceneFacts.key(scene)));
            }
        }
        return out;
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
