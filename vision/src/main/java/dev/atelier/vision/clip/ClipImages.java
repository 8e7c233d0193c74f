package dev.atelier.vision.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.error.AtelierException;
import dev.atelier.vision.image.Interpolation;
import dev.atelier.vision.image.Normalization;
import dev.atelier.vision.image.Preprocess;
import dev.atelier.vision.mnist.Mnist;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The CLIP models' image preprocessing: shorter side to {@value ClipConfig#IMAGE_SIZE} pixels
 * (area averaging when shrinking, bilinear when enlarging), centre crop, values to [-1, 1].
 * A 64 x 64 image passes through unchanged.
 */
public final class ClipImages {

    public static final Normalization NORMALIZATION = Normalization.SYMMETRIC;
    private static final int SIZE = ClipConfig.IMAGE_SIZE;

    private ClipImages() {
    }

    /** The image as {@code 3 x 64 x 64} floats, channel-major. */
    public static float[] tensor(BufferedImage image) {
        if (image == null) {
            throw AtelierException.invalidArgument("image", "no image given");
        }
        BufferedImage square = image;
        if (image.getWidth() != SIZE || image.getHeight() != SIZE) {
            Interpolation how = Math.min(image.getWidth(), image.getHeight()) > SIZE
                    ? Interpolation.AREA : Interpolation.BILINEAR;
            square = Preprocess.centerCrop(Preprocess.resizeShorterSide(image, SIZE, how), SIZE, SIZE);
        }
        return Preprocess.toTensor(square, NORMALIZATION).data();
    }

    /** A batch {@code [B, 3, 64, 64]} in {@code manager}. */
    public static NDArray batch(NDManager manager, List<float[]> tensors) {
        int per = 3 * SIZE * SIZE;
        float[] all = new float[tensors.size() * per];
        for (int i = 0; i < tensors.size(); i++) {
            System.arraycopy(tensors.get(i), 0, all, i * per, per);
        }
        return manager.create(all, new Shape(tensors.size(), 3, SIZE, SIZE));
    }

    /** MNIST digit {@code index} as an RGB image (white ink on black), at its own 28 x 28 size. */
    public static BufferedImage mnistImage(Mnist mnist, int index) {
        BufferedImage image = new BufferedImage(mnist.cols(), mnist.rows(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < mnist.rows(); y++) {
            for (int x = 0; x < mnist.cols(); x++) {
                int v = mnist.pixel(index, y, x);
                image.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        return image;
    }
}
