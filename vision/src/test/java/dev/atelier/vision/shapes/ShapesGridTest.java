package dev.atelier.vision.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atelier.vision.image.ImageIo;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesGridTest {

    @Test
    void mainWritesAGridAndItsCaptions(@TempDir Path dir) throws Exception {
        ShapesGrid.main(new String[] {dir.toString(), "9", "held_out", "3", "4"});
        BufferedImage sheet = ImageIo.read(dir.resolve(ShapesGrid.IMAGE_FILE));
        int cell = Scene.CANVAS + ShapesGrid.GUTTER;
        assertEquals(4 * cell + ShapesGrid.GUTTER, sheet.getWidth());
        assertEquals(3 * cell + ShapesGrid.GUTTER, sheet.getHeight());
        List<String> lines = Files.readAllLines(dir.resolve(ShapesGrid.CAPTIONS_FILE));
        List<Scene> scenes = ShapesDataset.generate(9, 12, ShapesSplit.HELD_OUT);
        assertEquals(12, lines.size());
        for (int i = 0; i < 12; i++) {
            int row = i / 4;
            int col = i % 4;
            assertEquals(row + " " + col + ": " + Captions.canonical(scenes.get(i)), lines.get(i));
            BufferedImage expected = SceneRenderer.render(scenes.get(i));
            int left = ShapesGrid.GUTTER + col * cell;
            int top = ShapesGrid.GUTTER + row * cell;
            for (int y = 0; y < Scene.CANVAS; y++) {
                for (int x = 0; x < Scene.CANVAS; x++) {
                    assertEquals(expected.getRGB(x, y), sheet.getRGB(left + x, top + y));
                }
            }
            assertEquals(0xFF000000 | ShapesGrid.GUTTER_RGB, sheet.getRGB(left - 1, top));
        }
    }
}
