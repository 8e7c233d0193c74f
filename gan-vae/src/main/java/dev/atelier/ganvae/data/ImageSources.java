package dev.atelier.ganvae.data;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.model.ImageSpec;
import dev.atelier.vision.image.ImageIo;
import dev.atelier.vision.image.Interpolation;
import dev.atelier.vision.image.Preprocess;
import dev.atelier.vision.mnist.IdxFile;
import dev.atelier.vision.mnist.Mnist;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Loads training images from a folder of image files or from IDX (MNIST-format) files. */
public final class ImageSources {
    private static final System.Logger LOG = System.getLogger(ImageSources.class.getName());
    public static final int MAX_IMAGES = 1_000_000;
    /** Decoded training pixels held in memory at most (1 GiB): checked before decoding anything. */
    public static final long MAX_BYTES = 1L << 30;

    private ImageSources() {
    }

    /**
     * Every image file directly or deeper under {@code folder} (any format vision's {@link ImageIo}
     * reads), centre-cropped to a square and resized to {@code image.size()}. Files that do not
     * decode are skipped with a warning; their count is in the data's description.
     */
    public static PixelData folder(Path folder, ImageSpec image) {
        if (!Files.isDirectory(folder)) {
            throw AtelierException.invalidArgument("data", "not a folder: " + AtelierException.quote(folder.toString()));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().limit(MAX_IMAGES + 1L).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        if (files.size() > MAX_IMAGES) {
            throw AtelierException.invalidArgument("data", "more than " + MAX_IMAGES + " files under the folder");
        }
        if ((long) files.size() * image.pixels() > MAX_BYTES) {
            throw AtelierException.resourceExhausted(files.size() + " images of " + image.size() + "x" + image.size()
                    + " would need more than " + (MAX_BYTES >> 20) + " MiB in memory; use fewer or smaller images");
        }
        List<byte[]> decoded = new ArrayList<>();
        int skipped = 0;
        for (Path file : files) {
            try {
                decoded.add(pixels(square(ImageIo.read(file), image.size()), image.channels()));
            } catch (AtelierException | UncheckedIOException e) {
                skipped++;
                LOG.log(System.Logger.Level.WARNING, "skipping " + folder.relativize(file) + ": " + e.getMessage());
            }
        }
        if (skipped > 0) {
            LOG.log(System.Logger.Level.WARNING, "skipped " + skipped + " of " + files.size()
                    + " files that are not readable images");
        }
        if (decoded.isEmpty()) {
            throw AtelierException.invalidArgument("data", "no readable image under the folder ("
                    + files.size() + " files, " + skipped + " skipped)");
        }
        byte[] all = new byte[decoded.size() * image.pixels()];
        for (int i = 0; i < decoded.size(); i++) {
            System.arraycopy(decoded.get(i), 0, all, i * image.pixels(), image.pixels());
        }
        return new PixelData(image, all, null, 0, 0, "folder " + folder.getFileName() + ": " + decoded.size()
                + " images" + (skipped > 0 ? ", " + skipped + " unreadable files skipped" : ""));
    }

    /**
     * Images from an IDX file (rows x cols unsigned bytes, one grey channel), with labels from a
     * second IDX file when {@code labels} is not null (class-conditional, {@code classEmbedDim} wide).
     */
    public static PixelData idx(Path images, Path labels, int classEmbedDim) {
        if (labels != null) {
            Mnist mnist = Mnist.read(images, labels);
            return mnist(mnist, classEmbedDim, images.getFileName().toString());
        }
        IdxFile file = IdxFile.read(images);
        int[] d = file.dims();
        if (d.length != 3 || d[1] != d[2]) {
            throw AtelierException.invalidArgument("data", "an IDX image file has dimensions [count, side, side]");
        }
        return new PixelData(new ImageSpec(1, d[1]), file.data(), null, 0, 0,
                images.getFileName() + ": " + d[0] + " images");
    }

    /** MNIST with its labels: class-conditional over the ten digits. */
    public static PixelData mnist(Mnist mnist, int classEmbedDim, String name) {
        return new PixelData(new ImageSpec(1, mnist.rows()), mnist.pixels(), mnist.labels(), 10, classEmbedDim,
                "MNIST " + name + ": " + mnist.count() + " labelled digits");
    }

    /** The largest centred square, resized to {@code size} (area averaging when shrinking). */
    static BufferedImage square(BufferedImage image, int size) {
        int side = Math.min(image.getWidth(), image.getHeight());
        BufferedImage cropped = Preprocess.centerCrop(image, side, side);
        Interpolation how = side > size ? Interpolation.AREA : Interpolation.BILINEAR;
        return side == size ? cropped : Preprocess.resize(cropped, size, size, how);
    }

    /** CHW unsigned bytes; grey is the mean of R, G and B. */
    static byte[] pixels(BufferedImage image, int channels) {
        int n = image.getWidth();
        int[] rgb = image.getRGB(0, 0, n, n, null, 0, n);
        byte[] out = new byte[channels * n * n];
        for (int i = 0; i < rgb.length; i++) {
            int r = (rgb[i] >> 16) & 0xff;
            int g = (rgb[i] >> 8) & 0xff;
            int b = rgb[i] & 0xff;
            if (channels == 1) {
                out[i] = (byte) ((r + g + b + 1) / 3);
            } else {
                out[i] = (byte) r;
                out[n * n + i] = (byte) g;
                out[2 * n * n + i] = (byte) b;
            }
        }
        return out;
    }

    /** One image as the model sees it: square-cropped, resized, CHW floats in [0, 1]. */
    public static float[] floats(BufferedImage image, ImageSpec spec) {
        byte[] bytes = pixels(square(image, spec.size()), spec.channels());
        float[] out = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (bytes[i] & 0xff) / 255f;
        }
        return out;
    }
}
