package dev.atelier.vision.mnist;

import dev.atelier.core.error.AtelierException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * MNIST digits: {@code count} grey images of {@code rows × cols} unsigned bytes (0 background,
 * 255 ink) with labels 0–9.
 */
public record Mnist(byte[] pixels, byte[] labels, int count, int rows, int cols) {

    public static final String[] DIGIT_WORDS = {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"
    };

    public Mnist {
        if (pixels.length != (long) count * rows * cols || labels.length != count) {
            throw new IllegalArgumentException("pixel/label arrays do not match " + count + "×" + rows + "×" + cols);
        }
    }

    /** The training split (60,000 images) from a folder holding the four original files. */
    public static Mnist train(Path folder) {
        return read(folder.resolve("train-images-idx3-ubyte.gz"), folder.resolve("train-labels-idx1-ubyte.gz"));
    }

    /** The test split (10,000 images). */
    public static Mnist test(Path folder) {
        return read(folder.resolve("t10k-images-idx3-ubyte.gz"), folder.resolve("t10k-labels-idx1-ubyte.gz"));
    }

    public static Mnist read(Path images, Path labels) {
        IdxFile img = IdxFile.read(images);
        IdxFile lab = IdxFile.read(labels);
        int[] d = img.dims();
        int[] l = lab.dims();
        if (d.length != 3 || l.length != 1 || d[0] != l[0]) {
            throw AtelierException.invalidArgument("file", "MNIST image dims " + Arrays.toString(d)
                    + " do not match label dims " + Arrays.toString(l));
        }
        for (byte b : lab.data()) {
            if (b < 0 || b > 9) {
                throw AtelierException.invalidArgument("file", "MNIST label " + b + " is outside 0..9");
            }
        }
        return new Mnist(img.data(), lab.data(), d[0], d[1], d[2]);
    }

    public int label(int index) {
        return labels[index];
    }

    /** Pixel (row, col) of image {@code index} as 0..255. */
    public int pixel(int index, int row, int col) {
        return pixels[(index * rows + row) * cols + col] & 0xff;
    }

    /** A caption such as "a handwritten digit seven". */
    public static String caption(int digit) {
        return "a handwritten digit " + DIGIT_WORDS[digit];
    }

    /** The first {@code n} images (a view for quick experiments and tests). */
    public Mnist head(int n) {
        int k = Math.min(n, count);
        return new Mnist(Arrays.copyOf(pixels, k * rows * cols), Arrays.copyOf(labels, k), k, rows, cols);
    }
}
