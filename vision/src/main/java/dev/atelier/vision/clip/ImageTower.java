package dev.atelier.vision.clip;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * The image tower: conv blocks (3x3 conv, batch norm, ReLU, 2x2 max pool), then the flattened
 * feature map through a hidden layer to the embedding. Flattening (rather than global pooling) keeps
 * where things are, which the relations in the captions need. Input {@code [B, 3, 64, 64]}.
 */
public final class ImageTower {

    private ImageTower() {
    }

    public static SequentialBlock build(ClipConfig config) {
        SequentialBlock tower = new SequentialBlock();
        for (int channels : config.imageChannels()) {
            tower.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                            .setFilters(channels).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation::relu)
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        return tower.add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(config.imageHidden()).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(config.embedDim()).build());
    }

    /** The input shape for a batch of {@code batch} images. */
    public static Shape inputShape(long batch) {
        return new Shape(batch, 3, ClipConfig.IMAGE_SIZE, ClipConfig.IMAGE_SIZE);
    }
}
