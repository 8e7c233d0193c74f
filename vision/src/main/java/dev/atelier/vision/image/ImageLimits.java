package dev.atelier.vision.image;

import dev.atelier.core.error.AtelierException;

/**
 * What {@link ImageIo} accepts before it decodes anything: at most {@code maxBytes} of encoded data
 * and at most {@code maxPixels} declared pixels (width × height). The pixel budget is what stops a
 * decompression bomb: a few hundred bytes can declare 100000 × 100000 pixels, 40 GB once decoded.
 */
public record ImageLimits(long maxPixels, long maxBytes) {

    /** 50 megapixels (200 MB as ARGB) and 50 MiB of encoded data. */
    public static final ImageLimits DEFAULT = new ImageLimits(50_000_000L, 50L * 1024 * 1024);

    public ImageLimits {
        if (maxPixels < 1) {
            throw AtelierException.invalidArgument("maxPixels", "maxPixels must be positive, got " + maxPixels);
        }
        // The encoded bytes are held in one array.
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) {
            throw AtelierException.invalidArgument("maxBytes", "maxBytes must be in [1, 2^31 - 9], got " + maxBytes);
        }
    }
}
