package dev.atelier.vision.image;

/** How {@link Preprocess#resize} computes an output pixel from the source pixels. */
public enum Interpolation {
    /** The source pixel under the output pixel's centre: keeps exact colours (palettes, masks). */
    NEAREST,
    /**
     * Linear in x and y between the four nearest source pixel centres, with pixel centres at
     * {@code i + 0.5} (PyTorch's {@code align_corners=False}, without antialiasing). Good for
     * enlarging; when shrinking by more than 2 it skips pixels, so prefer {@link #AREA} there.
     */
    BILINEAR,
    /** The exact average of the source area each output pixel covers (partial pixels weighted). */
    AREA
}
