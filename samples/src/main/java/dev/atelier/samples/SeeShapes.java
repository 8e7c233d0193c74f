package dev.atelier.samples;

import dev.atelier.core.model.ModelStore;
import dev.atelier.vision.caption.Captioner;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.SceneRenderer;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import dev.atelier.vision.zeroshot.LabelScore;
import dev.atelier.vision.zeroshot.PromptTemplates;
import dev.atelier.vision.zeroshot.ZeroShotClassifier;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * In-process vision: render a few Shapes scenes with combinations never seen in training, caption
 * them with the embedded captioner and classify them by text labels with its CLIP model.
 * Run: {@code bin/sample SeeShapes [seed]}.
 */
public final class SeeShapes {

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 5;
        List<String> labels = List.of("green triangle", "yellow square", "blue circle", "red circle");
        try (Captioner captioner = Captioner.load(ModelStore.defaultStore().open("shapes-captioner").folder())) {
            ZeroShotClassifier classifier = new ZeroShotClassifier(captioner.clip(), labels, PromptTemplates.SHAPES);
            for (Scene scene : ShapesDataset.generate(seed, 4, ShapesSplit.HELD_OUT)) {
                BufferedImage image = SceneRenderer.render(scene);
                LabelScore best = classifier.classify(image).get(0);
                System.out.println("truth:    " + scene.caption());
                System.out.println("greedy:   " + captioner.caption(image));
                System.out.println("beam 4:   " + captioner.caption(image, 4));
                System.out.printf("zero-shot: %s (p=%.3f)%n%n", best.label(), best.probability());
            }
        }
    }
}
