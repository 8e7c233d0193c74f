package dev.atelier.samples;

import dev.atelier.core.model.ModelStore;
import dev.atelier.ganvae.sample.ImageGrid;
import dev.atelier.vision.image.ImageIo;
import dev.atelier.vision.shapes.SceneChecker;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * In-process text to image: draw four pictures of a prompt with an embedded Shapes text-to-image
 * model (the conditional VAE, or the one named by {@code -Dmodel=shapes-text-gan}), save them as
 * one PNG, and say what vision's scene checker sees in each.
 * Run: {@code bin/sample TextToImage "a large yellow triangle above a small blue circle"}.
 */
public final class TextToImage {

    public static void main(String[] args) {
        String prompt = args.length > 0 ? String.join(" ", args) : "a large yellow triangle above a small blue circle";
        Path folder = ModelStore.defaultStore().open(System.getProperty("model", "shapes-text-vae")).folder();
        try (var t2i = dev.atelier.ganvae.sample.TextToImage.open(folder)) {
            List<BufferedImage> images = t2i.generate(prompt, 4, 7, 0);
            Path out = Path.of("text-to-image.png");
            ImageIo.writePng(ImageGrid.grid(images, 4, 4), out);
            System.out.println("prompt: " + prompt + "\nwrote " + out.toAbsolutePath());
            SceneChecker checker = new SceneChecker();
            for (int i = 0; i < images.size(); i++) {
                List<String> seen = checker.detect(images.get(i)).stream()
                        .map(o -> o.size().word() + " " + o.color().word() + " " + o.shape().word()).toList();
                System.out.println("image " + i + " shows: " + (seen.isEmpty() ? "nothing" : String.join(", ", seen)));
            }
        }
    }
}
