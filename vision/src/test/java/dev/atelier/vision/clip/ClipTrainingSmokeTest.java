package dev.atelier.vision.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.progress.ProgressListener;
import dev.atelier.vision.caption.Captioner;
import dev.atelier.vision.caption.CaptionDecoding;
import dev.atelier.vision.caption.CaptionerConfig;
import dev.atelier.vision.caption.CaptionerTrainer;
import dev.atelier.vision.caption.PrefixSource;
import dev.atelier.vision.shapes.SceneRenderer;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import dev.atelier.vision.training.LossCurve;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few training steps of the scratch-tower CLIP and of the captioner: files written, reloadable, sane outputs. */
class ClipTrainingSmokeTest {

    @Test
    void trainSaveLoadEmbedAndCaption(@TempDir Path dir) throws Exception {
        ProgressListener quiet = e -> { };
        Path clipDir = dir.resolve("clip");
        LossCurve curve = ClipTrainer.train(new ClipTrainer.Options(TextTowerKind.SCRATCH, 4, 16, 1e-3f, 3, null, 0,
                clipDir, null), quiet);
        assertEquals(4, curve.size());
        assertTrue(Files.size(clipDir.resolve("loss-curve.png")) > 1000);
        try (Clip clip = Clip.load(clipDir)) {
            var images = ShapesDataset.generate(5, 3, ShapesSplit.TEST).stream().map(SceneRenderer::render).toList();
            float[][] a = clip.embedImages(images);
            float[][] b = clip.embedImages(images);
            float[][] t = clip.embedTexts(List.of("a small red circle", "zebra"));
            assertEquals(3, a.length);
            assertEquals(clip.dimension(), t[1].length);
            for (float[] v : a) {
                assertEquals(1.0, Clip.cosine(v, v), 1e-4);
            }
            assertEquals(1.0, Clip.cosine(a[0], b[0]), 1e-6); // inference is deterministic (batch norm in eval mode)
            assertEquals(ClipConfig.INITIAL_LOGIT_SCALE, Math.log(clip.logitMultiplier()), 0.05);
        }
        for (PrefixSource prefix : PrefixSource.values()) {
            Path capDir = dir.resolve("captioner-" + prefix);
            CaptionerTrainer.train(new CaptionerTrainer.Options(clipDir, 3, 8, 1e-3f, 4, null, 0, 0.5, prefix,
                    prefix.gridded(), capDir), quiet);
            assertEquals(prefix, CaptionerConfig.read(capDir).prefixSource());
            try (Captioner captioner = Captioner.load(capDir)) {
                var image = SceneRenderer.render(ShapesDataset.scene(9, ShapesSplit.TEST, 0));
                String greedy = captioner.caption(image, 1);
                String beam = captioner.caption(image, 3);
                String guided = captioner.caption(image, new CaptionDecoding(3, 1, true));
                assertTrue(greedy.split(" ").length < 20 && beam.split(" ").length < 20, greedy + " / " + beam);
                assertTrue(guided.split(" ").length < 20, guided);
            }
        }
    }
}
