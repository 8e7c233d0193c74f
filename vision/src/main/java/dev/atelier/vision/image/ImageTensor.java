package dev.atelier.vision.image;

import dev.atelier.core.error.AtelierException;

/**
 * An image as a float tensor in channel-major (CHW) order, the layout DJL and ONNX image models take:
 * {@code data[c * height * width + y * width + x]}. The array is not copied; whoever builds the
 * tensor hands it over.
 */
public record ImageTensor(int channels, int height, int width, float[] data) {

    public ImageTensor {
        if (channels < 1 || height < 1 || width < 1) {
            throw AtelierException.invalidArgument("tensor", "tensor dimensions must be positive, got "
                    + channels + " x " + height + " x " + width);
        }
        if (data == null || (long) channels * height * width != data.length) {
            throw AtelierException.invalidArgument("tensor", "tensor data has " + (data == null ? 0 : data.length)
                    + " values, expected " + channels + " x " + height + " x " + width);
        }
    }

    /** The shape {@code [channels, height, width]}. */
    public long[] shape() {
        return new long[] {channels, height, width};
    }

    public float get(int channel, int y, int x) {
        return data[(channel * height + y) * width + x];
    }
}
