package dev.atelier.ganvae.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.model.ImageSpec;
import dev.atelier.vision.image.ImageIo;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSourcesTest {

    @Test
    void aFolderWithCorruptFilesTrainsOnTheRestAndSaysHowManyWereSkipped(@TempDir Path dir) throws Exception {
        BufferedImage red = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                red.setRGB(x, y, 0xFF0000);
            }
        }
        ImageIo.writePng(red, dir.resolve("a.png"));
        Files.createDirectories(dir.resolve("sub"));
        ImageIo.writePng(red, dir.resolve("sub/b.png"));
        Files.write(dir.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        byte[] noise = new byte[1000];
        new SplittableRandom(1).nextBytes(noise);
        Files.write(dir.resolve("noise.jpg"), noise);
        Files.writeString(dir.resolve("notes.txt"), "not an image");

        PixelData data = ImageSources.folder(dir, new ImageSpec(3, 16));
        assertEquals(2, data.size());
        assertTrue(data.describe().contains("3 unreadable files skipped"), data.describe());
        float[] out = new float[2 * 3 * 16 * 16];
        data.images(new int[] {0, 1}, out);
        assertEquals(1.0f, out[0], 1e-6); // red channel
        assertEquals(0.0f, out[16 * 16], 1e-6); // green channel
    }

    @Test
    void aFolderWithoutImagesIsATypedError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("x.png"), "nope");
        assertThrows(AtelierException.class, () -> ImageSources.folder(dir, new ImageSpec(3, 16)));
        assertThrows(AtelierException.class, () -> ImageSources.folder(dir.resolve("missing"), new ImageSpec(3, 16)));
    }

    @Test
    void shapesCaptionsComeFromTheGrammarAndAvoidHeldOutPairs() {
        var scenes = ShapesTextData.scenes(1, 50);
        var captions = ShapesTextData.captions(1, scenes);
        for (int i = 0; i < scenes.size(); i++) {
            assertTrue(dev.atelier.vision.shapes.Captions.paraphrases(scenes.get(i)).contains(captions.get(i)));
            for (var o : scenes.get(i).objects()) {
                assertTrue(!dev.atelier.vision.shapes.ShapesDataset.isHeldOut(o));
            }
        }
    }
}
