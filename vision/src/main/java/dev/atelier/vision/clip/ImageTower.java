package dev.atelier.vision.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The image tower, two streams over the same {@code [B, 3, 64, 64]} input whose feature maps are
 * stacked cell by cell and read by a fully connected head:
 *
 * <ul>
 *   <li>the <b>shape stream</b> sees only where there is ink (the maximum over R, G, B) through conv
 *       blocks (3x3 conv, batch norm, ReLU, 2x2 max pool), so its idea of a triangle cannot depend on
 *       the triangle's colour;</li>
 *   <li>the <b>colour stream</b> classifies each pixel's colour with 1x1 convolutions (no spatial
 *       context, so it cannot learn shapes) and max-pools it onto the same grid.</li>
 * </ul>
 *
 * Factoring the two is what lets combinations never seen in training ("green triangle" when every
 * training triangle was red, blue or yellow) be recognised; a single RGB ConvNet learns shortcuts
 * such as "green means not a triangle". Flattening the grid (rather than global pooling) keeps where
 * things are, which the relations in the captions need.
 */
public final class ImageTower {

    private ImageTower() {
    }

    public static SequentialBlock build(ClipConfig config) {
        SequentialBlock shapeStream = new SequentialBlock()
                .add(x -> new NDList(x.singletonOrThrow().max(new int[] {1}, true)));
        for (int channels : config.imageChannels()) {
            shapeStream.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                            .setFilters(channels).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation::relu)
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        int cell = ClipConfig.IMAGE_SIZE / config.featureSide();
        SequentialBlock colorStream = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(config.colorChannels()).build())
                .add(Activation::relu)
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(config.colorChannels()).build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(cell, cell), new Shape(cell, cell)));
        ParallelBlock streams = new ParallelBlock(ImageTower::stack, List.of(shapeStream, colorStream));
        return new SequentialBlock()
                .add(streams)
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(config.imageHidden()).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(config.embedDim()).build());
    }

    /**
     * The part of a built tower that makes the feature grid {@code [B, C, side, side]} (the two
     * streams stacked, before the head): what a captioner attends to cell by cell.
     */
    public static Block featureGrid(Block tower) {
        return ((SequentialBlock) tower).getChildren().get(0).getValue();
    }

    /** Channels per grid cell: the shape stream's last width plus the colour stream's. */
    public static int gridChannels(ClipConfig config) {
        return config.imageChannels().get(config.imageChannels().size() - 1) + config.colorChannels();
    }

    private static NDList stack(List<NDList> streams) {
        NDArray shape = streams.get(0).singletonOrThrow();
        NDArray color = streams.get(1).singletonOrThrow();
        return new NDList(shape.concat(color, 1));
    }

    /** The input shape for a batch of {@code batch} images. */
    public static Shape inputShape(long batch) {
        return new Shape(batch, 3, ClipConfig.IMAGE_SIZE, ClipConfig.IMAGE_SIZE);
    }
}
