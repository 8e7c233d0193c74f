package dev.atelier.ganvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/** The few layer kinds DCGAN is made of, named as in the paper. */
final class Layers {
    /** DCGAN's slope for LeakyReLU. */
    static final float LEAK = 0.2f;

    private Layers() {
    }

    /** Convolution, no bias (batch norm follows, or the output is an image or a score). */
    static Block downConv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding)).optBias(false).build();
    }

    static Block batchNorm() {
        return BatchNorm.builder().build();
    }

    static Block linear(int units) {
        return Linear.builder().setUnits(units).build();
    }

    /** A learned linear embedding without bias: for a one-hot input, one learned row per class. */
    static Block embedding(int units) {
        return Linear.builder().setUnits(units).optBias(false).build();
    }

    static NDArray leakyRelu(NDArray x) {
        return Activation.leakyRelu(x, LEAK);
    }

    /** The GAN-INT-CLS text projection: fully connected, then LeakyReLU. */
    static SequentialBlock conditionProjection(int embedDim) {
        return new SequentialBlock().add(linear(embedDim)).addSingleton(Layers::leakyRelu);
    }

    /**
     * The DCGAN generator body, from the projected noise (B, features) to the image. The first layer
     * (the paper's projection of z to a 4 x 4 map, a transposed convolution over a 1 x 1 input) is a
     * fully connected layer reshaped to the base map. Each up-step doubles the size and halves the
     * channels; batch norm and ReLU after each except the last, which makes the image channels.
     *
     * <p>DJL's PyTorch engine has no transposed convolution, so an up-step is the resize-convolution
     * of Odena et al. 2016 (nearest-neighbour 2x upsampling, then a 3 x 3 convolution): the same
     * learnable upsampling, without the checkerboard artefacts of strided transposed convolutions.
     */
    static SequentialBlock upStack(ImageSpec image, int width) {
        int levels = image.levels();
        int base = image.base();
        int top = width << (levels - 1);
        SequentialBlock body = new SequentialBlock();
        body.add(linear(top * base * base))
                .addSingleton(x -> x.reshape(x.getShape().get(0), top, base, base))
                .add(batchNorm()).addSingleton(Activation::relu);
        for (int i = 1; i < levels; i++) {
            body.addSingleton(Layers::upsample).add(downConv(width << (levels - 1 - i), 3, 1, 1))
                    .add(batchNorm()).addSingleton(Activation::relu);
        }
        return body.addSingleton(Layers::upsample).add(downConv(image.channels(), 3, 1, 1));
    }

    /** Nearest-neighbour 2x upsampling of (B, C, H, W): each pixel becomes a 2 x 2 block. */
    static NDArray upsample(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(b, c, h, 1, w, 1).broadcast(new Shape(b, c, h, 2, w, 2)).reshape(b, c, 2 * h, 2 * w);
    }

    /**
     * The DCGAN discriminator body: stride-2 convolutions halving the image down to the base map,
     * doubling the channels; LeakyReLU after each, batch norm on all but the first (the paper leaves
     * the discriminator's input layer without it).
     */
    static SequentialBlock downStack(ImageSpec image, int width) {
        SequentialBlock body = new SequentialBlock();
        body.add(downConv(width, 4, 2, 1)).addSingleton(Layers::leakyRelu);
        for (int i = 1; i < image.levels(); i++) {
            body.add(downConv(width << i, 4, 2, 1)).add(batchNorm()).addSingleton(Layers::leakyRelu);
        }
        return body;
    }

    /** Channels of the base map that {@link #downStack} ends with. */
    static int downChannels(ImageSpec image, int width) {
        return width << (image.levels() - 1);
    }
}
