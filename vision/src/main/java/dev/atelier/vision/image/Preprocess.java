package dev.atelier.vision.image;

import dev.atelier.core.error.AtelierException;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * The image side of a model's input pipeline: resize, centre-crop, and conversion to and from a
 * normalised CHW float tensor. All of it works on RGB; an alpha channel is dropped, not composited
 * (as PIL's {@code convert("RGB")} does in the reference CLIP pipeline). Results are
 * {@link BufferedImage#TYPE_INT_RGB}.
 */
public final class Preprocess {

    private static final int MAX_SIDE = 1 << 15;

    private Preprocess() {
    }

    /** Resizes to exactly {@code width} x {@code height}. */
    public static BufferedImage resize(BufferedImage image, int width, int height, Interpolation interpolation) {
        requireImage(image);
        requireSide("width", width);
        requireSide("height", height);
        Objects.requireNonNull(interpolation, "interpolation");
        int srcW = image.getWidth();
        int srcH = image.getHeight();
        Kernel horizontal = Kernel.of(interpolation, srcW, width);
        Kernel vertical = Kernel.of(interpolation, srcH, height);
        float[][] planes = planes(image);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[width * height];
        float[] rows = new float[srcH * width];
        for (int c = 0; c < 3; c++) {
            float[] src = planes[c];
            // Separable: first along x for every source row, then along y.
            for (int y = 0; y < srcH; y++) {
                for (int x = 0; x < width; x++) {
                    rows[y * width + x] = (float) horizontal.apply(src, y * srcW, 1, x);
                }
            }
            int shift = 16 - 8 * c;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    rgb[y * width + x] |= toByte(vertical.apply(rows, x, width, y)) << shift;
                }
            }
        }
        out.setRGB(0, 0, width, height, rgb, 0, width);
        return out;
    }

    /**
     * Resizes so that the shorter side becomes {@code size}, keeping the aspect ratio; the longer
     * side is {@code floor(size * longer / shorter)}, as torchvision computes it.
     */
    public static BufferedImage resizeShorterSide(BufferedImage image, int size, Interpolation interpolation) {
        requireImage(image);
        requireSide("size", size);
        int w = image.getWidth();
        int h = image.getHeight();
        if (w <= h) {
            return resize(image, size, sideFor(size, h, w), interpolation);
        }
        return resize(image, sideFor(size, w, h), size, interpolation);
    }

    /** The central {@code width} x {@code height} region; the offset is rounded down where uneven. */
    public static BufferedImage centerCrop(BufferedImage image, int width, int height) {
        requireImage(image);
        requireSide("width", width);
        requireSide("height", height);
        if (width > image.getWidth() || height > image.getHeight()) {
            throw AtelierException.invalidArgument("size", "cannot crop " + width + " x " + height + " out of a "
                    + image.getWidth() + " x " + image.getHeight() + " image");
        }
        int left = (image.getWidth() - width) / 2;
        int top = (image.getHeight() - height) / 2;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = image.getRGB(left, top, width, height, null, 0, width);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] &= 0xFFFFFF;
        }
        out.setRGB(0, 0, width, height, rgb, 0, width);
        return out;
    }

    /** RGB values as a 3 x H x W tensor, each {@code (v / 255 - mean[c]) / std[c]}. */
    public static ImageTensor toTensor(BufferedImage image, Normalization normalization) {
        requireImage(image);
        Objects.requireNonNull(normalization, "normalization");
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        float[] data = new float[3 * plane];
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int c = 0; c < 3; c++) {
            double mean = normalization.meanOf(c);
            double std = normalization.stdOf(c);
            int shift = 16 - 8 * c;
            for (int i = 0; i < plane; i++) {
                data[c * plane + i] = (float) ((((rgb[i] >>> shift) & 0xFF) / 255.0 - mean) / std);
            }
        }
        return new ImageTensor(3, h, w, data);
    }

    /**
     * The inverse of {@link #toTensor}: {@code v = round(255 * (t * std + mean))}, clamped to
     * [0, 255]. A one-channel tensor becomes a grey image. Non-finite values are refused.
     */
    public static BufferedImage toImage(ImageTensor tensor, Normalization normalization) {
        Objects.requireNonNull(tensor, "tensor");
        Objects.requireNonNull(normalization, "normalization");
        if (tensor.channels() != 3 && tensor.channels() != 1) {
            throw AtelierException.invalidArgument("tensor", "an image tensor has 1 or 3 channels, not "
                    + tensor.channels());
        }
        int w = tensor.width();
        int h = tensor.height();
        int plane = w * h;
        float[] data = tensor.data();
        int[] rgb = new int[plane];
        for (int c = 0; c < 3; c++) {
            int source = tensor.channels() == 1 ? 0 : c;
            double mean = normalization.meanOf(c);
            double std = normalization.stdOf(c);
            int shift = 16 - 8 * c;
            for (int i = 0; i < plane; i++) {
                float t = data[source * plane + i];
                if (!Float.isFinite(t)) {
                    throw AtelierException.invalidArgument("tensor", "the tensor holds a non-finite value (" + t
                            + ") at channel " + source + ", y " + i / w + ", x " + i % w);
                }
                rgb[i] |= toByte(255.0 * (t * std + mean)) << shift;
            }
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    private static float[][] planes(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        float[][] planes = new float[3][w * h];
        for (int i = 0; i < rgb.length; i++) {
            planes[0][i] = (rgb[i] >>> 16) & 0xFF;
            planes[1][i] = (rgb[i] >>> 8) & 0xFF;
            planes[2][i] = rgb[i] & 0xFF;
        }
        return planes;
    }

    private static int toByte(double v) {
        long r = Math.round(v);
        return (int) Math.max(0, Math.min(255, r));
    }

    private static int sideFor(int size, int longer, int shorter) {
        long side = (long) size * longer / shorter;
        if (side > MAX_SIDE) {
            throw AtelierException.invalidArgument("size", "the resized image would be " + side
                    + " pixels long, more than " + MAX_SIDE);
        }
        return (int) side;
    }

    private static void requireImage(BufferedImage image) {
        if (image == null) {
            throw AtelierException.invalidArgument("image", "no image given");
        }
    }

    private static void requireSide(String name, int side) {
        if (side < 1 || side > MAX_SIDE) {
            throw AtelierException.invalidArgument(name, name + " must be in [1, " + MAX_SIDE + "], got " + side);
        }
    }

    /** For each output index along one axis: the source indices and weights it sums. */
    private record Kernel(int[][] index, double[][] weight) {

        static Kernel of(Interpolation interpolation, int src, int dst) {
            int[][] index = new int[dst][];
            double[][] weight = new double[dst][];
            double scale = (double) src / dst;
            for (int o = 0; o < dst; o++) {
                switch (interpolation) {
                    case NEAREST -> {
                        index[o] = new int[] {Math.min((int) Math.floor((o + 0.5) * scale), src - 1)};
                        weight[o] = new double[] {1};
                    }
                    case BILINEAR -> {
                        // Clamp at the borders (replicate the edge pixels).
                        double s = Math.max(0, (o + 0.5) * scale - 0.5);
                        int i0 = Math.min((int) Math.floor(s), src - 1);
                        int i1 = Math.min(i0 + 1, src - 1);
                        double f = s - i0;
                        index[o] = new int[] {i0, i1};
                        weight[o] = new double[] {1 - f, f};
                    }
                    case AREA -> {
                        double start = o * scale;
                        double end = (o + 1) * scale;
                        int first = (int) Math.floor(start);
                        int last = Math.min((int) Math.ceil(end), src) - 1;
                        index[o] = new int[last - first + 1];
                        weight[o] = new double[last - first + 1];
                        for (int i = first; i <= last; i++) {
                            double overlap = Math.min(end, i + 1) - Math.max(start, i);
                            index[o][i - first] = i;
                            weight[o][i - first] = overlap / scale;
                        }
                    }
                }
            }
            return new Kernel(index, weight);
        }

        /** Output {@code o} from {@code values[offset + stride * i]} over the source indices i. */
        double apply(float[] values, int offset, int stride, int o) {
            int[] idx = index[o];
            double[] w = weight[o];
            double sum = 0;
            for (int k = 0; k < idx.length; k++) {
                sum += w[k] * values[offset + stride * idx[k]];
            }
            return sum;
        }
    }
}
