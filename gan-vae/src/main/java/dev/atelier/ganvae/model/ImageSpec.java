package dev.atelier.ganvae.model;

import dev.atelier.core.error.AtelierException;

/**
 * The images a generator makes: {@code channels} (1 grey, 3 RGB) of {@code size x size} pixels.
 * The convolution stacks halve the size {@link #levels()} times down to a {@link #base()} map of
 * 4 to 7 pixels (64 → 4 after four halvings, 28 → 7 after two), as DCGAN does down to 4 x 4.
 */
public record ImageSpec(int channels, int size) {

    public static final int MAX_SIZE = 256;

    public ImageSpec {
        if (channels != 1 && channels != 3) {
            throw AtelierException.invalidArgument("channels", "images have 1 or 3 channels, not " + channels);
        }
        if (size < 8 || size > MAX_SIZE || levelsOf(size) < 1) {
            throw AtelierException.invalidArgument("size", "the image size must be in [8, " + MAX_SIZE
                    + "] and halve at least once to a map of 4 to 7 pixels (16, 28, 32, 64, 128…), got " + size);
        }
    }

    /** Number of stride-2 layers between the image and the base map. */
    public int levels() {
        return levelsOf(size);
    }

    /** Side of the smallest feature map: 4 for 64 x 64, 7 for 28 x 28. */
    public int base() {
        return size >> levels();
    }

    public int pixels() {
        return channels * size * size;
    }

    private static int levelsOf(int size) {
        int levels = 0;
        int s = size;
        while (s % 2 == 0 && s / 2 >= 4) {
            s /= 2;
            levels++;
        }
        return s <= 7 ? levels : -1;
    }
}
