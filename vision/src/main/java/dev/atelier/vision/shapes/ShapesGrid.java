package dev.atelier.vision.shapes;

import dev.atelier.core.error.AtelierException;
import dev.atelier.vision.image.ImageIo;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A contact sheet of Shapes scenes for eyeballing: {@code shapes-grid.png} (scenes in rows, grey
 * gutters) and {@code shapes-grid.txt} (one "row column: caption" line per scene, row-major).
 *
 * <pre>java -cp ... dev.atelier.vision.shapes.ShapesGrid [out-dir] [seed] [split] [rows] [columns]</pre>
 */
public final class ShapesGrid {

    public static final String IMAGE_FILE = "shapes-grid.png";
    public static final String CAPTIONS_FILE = "shapes-grid.txt";
    /** Pixels between scenes, in {@link #GUTTER_RGB}. */
    public static final int GUTTER = 2;
    public static final int GUTTER_RGB = 0x808080;

    private ShapesGrid() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/shapes-grid");
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        ShapesSplit split = args.length > 2 ? ShapesSplit.valueOf(args[2].toUpperCase(Locale.ROOT)) : ShapesSplit.TRAIN;
        int rows = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int columns = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        export(dir, seed, split, rows, columns);
        System.out.println("wrote " + dir.resolve(IMAGE_FILE) + " and " + dir.resolve(CAPTIONS_FILE));
    }

    /** Writes the first {@code rows * columns} scenes of {@code split} under {@code seed} into {@code dir}. */
    public static void export(Path dir, long seed, ShapesSplit split, int rows, int columns) {
        if (rows < 1 || columns < 1 || rows * columns > 10_000) {
            throw AtelierException.invalidArgument("size", "rows and columns must be positive, at most 10000 scenes");
        }
        List<Scene> scenes = ShapesDataset.generate(seed, rows * columns, split);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < scenes.size(); i++) {
            lines.add(i / columns + " " + i % columns + ": " + Captions.canonical(scenes.get(i)));
        }
        try {
            Files.createDirectories(dir);
            ImageIo.writePng(grid(scenes, columns), dir.resolve(IMAGE_FILE));
            Files.write(dir.resolve(CAPTIONS_FILE), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the grid to " + dir, e);
        }
    }

    /** The scenes rendered left to right, top to bottom, {@code columns} per row. */
    public static BufferedImage grid(List<Scene> scenes, int columns) {
        int rows = (scenes.size() + columns - 1) / columns;
        int cell = Scene.CANVAS + GUTTER;
        BufferedImage sheet = new BufferedImage(columns * cell + GUTTER, rows * cell + GUTTER, BufferedImage.TYPE_INT_RGB);
        int[] gutter = new int[sheet.getWidth() * sheet.getHeight()];
        Arrays.fill(gutter, GUTTER_RGB);
        sheet.setRGB(0, 0, sheet.getWidth(), sheet.getHeight(), gutter, 0, sheet.getWidth());
        int[] pixels = new int[Scene.CANVAS * Scene.CANVAS];
        for (int i = 0; i < scenes.size(); i++) {
            SceneRenderer.render(scenes.get(i)).getRGB(0, 0, Scene.CANVAS, Scene.CANVAS, pixels, 0, Scene.CANVAS);
            sheet.setRGB(GUTTER + (i % columns) * cell, GUTTER + (i / columns) * cell, Scene.CANVAS, Scene.CANVAS,
                    pixels, 0, Scene.CANVAS);
        }
        return sheet;
    }
}
