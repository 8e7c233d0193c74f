package dev.atelier.vision.image;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads PNG, JPEG, BMP, GIF, TIFF and WebP safely and writes PNG.
 *
 * <p>Every read checks, before decoding any pixel: the encoded size against
 * {@link ImageLimits#maxBytes()}, the format by its signature, and the dimensions the file declares
 * against {@link ImageLimits#maxPixels()}, so a decompression bomb is refused without a large
 * allocation. Anything wrong with the input (unknown format, corrupt or truncated data, too large)
 * is an {@link ErrorCode#INVALID_ARGUMENT}; no {@code IIOException} or decoder bug escapes.
 *
 * <p>Images come back as {@link BufferedImage#TYPE_INT_RGB}, or {@link BufferedImage#TYPE_INT_ARGB}
 * when the file has transparency, in sRGB; only the first frame of an animated GIF or a multi-page
 * TIFF is read.
 */
public final class ImageIo {

    private static final String PARAM = "image";

    private ImageIo() {
    }

    public static BufferedImage read(byte[] data) {
        return read(data, ImageLimits.DEFAULT);
    }

    public static BufferedImage read(byte[] data, ImageLimits limits) {
        Objects.requireNonNull(limits, "limits");
        if (data == null || data.length == 0) {
            throw AtelierException.invalidArgument(PARAM, "the image is empty");
        }
        if (data.length > limits.maxBytes()) {
            throw AtelierException.invalidArgument(PARAM, "the image is " + data.length
                    + " bytes, more than the limit of " + limits.maxBytes() + " bytes");
        }
        ImageFormat format = ImageFormat.detect(data).orElseThrow(() -> AtelierException.invalidArgument(PARAM,
                "unsupported image format: expected PNG, JPEG, BMP, GIF, TIFF or WebP"));
        checkContainer(format, data, limits);
        return toStandard(decode(format, data, limits));
    }

    public static BufferedImage read(Path file) {
        return read(file, ImageLimits.DEFAULT);
    }

    public static BufferedImage read(Path file, ImageLimits limits) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(limits, "limits");
        String name = String.valueOf(file.getFileName());
        try {
            // Size first, so a huge file is refused without reading it.
            long size = Files.size(file);
            if (size > limits.maxBytes()) {
                throw AtelierException.invalidArgument(PARAM, "image file " + name + " is " + size
                        + " bytes, more than the limit of " + limits.maxBytes() + " bytes");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return read(in, limits);
            }
        } catch (NoSuchFileException e) {
            throw new AtelierException(ErrorCode.NOT_FOUND, "image file not found: " + name, PARAM, e);
        } catch (IOException e) {
            throw new AtelierException(ErrorCode.INVALID_ARGUMENT, "cannot read image file " + name, PARAM, e);
        }
    }

    /** Reads the stream to its end (at most {@code maxBytes} + 1 bytes); does not close it. */
    public static BufferedImage read(InputStream in) {
        return read(in, ImageLimits.DEFAULT);
    }

    public static BufferedImage read(InputStream in, ImageLimits limits) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(limits, "limits");
        byte[] data;
        try {
            // One byte past the limit tells "exactly at the limit" from "too large" without reading on.
            data = in.readNBytes((int) limits.maxBytes() + 1);
        } catch (IOException e) {
            throw new AtelierException(ErrorCode.INVALID_ARGUMENT, "cannot read the image data", PARAM, e);
        }
        if (data.length > limits.maxBytes()) {
            throw AtelierException.invalidArgument(PARAM,
                    "the image is more than the limit of " + limits.maxBytes() + " bytes");
        }
        return read(data, limits);
    }

    /** The format of encoded image data, judged by its signature; INVALID_ARGUMENT when unknown. */
    public static ImageFormat detectFormat(byte[] data) {
        return ImageFormat.detect(data).orElseThrow(() -> AtelierException.invalidArgument(PARAM,
                "unsupported image format: expected PNG, JPEG, BMP, GIF, TIFF or WebP"));
    }

    public static void writePng(BufferedImage image, Path file) {
        Objects.requireNonNull(file, "file");
        try (OutputStream out = Files.newOutputStream(file)) {
            writePng(image, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes {@code image} as PNG to {@code out}; does not close it. */
    public static void writePng(BufferedImage image, OutputStream out) {
        if (image == null) {
            throw AtelierException.invalidArgument(PARAM, "no image to write");
        }
        Objects.requireNonNull(out, "out");
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw AtelierException.internal("no PNG writer for image type " + image.getType(), null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PNG", e);
        }
    }

    public static byte[] pngBytes(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writePng(image, out);
        return out.toByteArray();
    }

    /**
     * What the container itself declares, checked from the bytes (format specifications) so that it
     * holds whichever decoder is installed.
     */
    private static void checkContainer(ImageFormat format, byte[] data, ImageLimits limits) {
        switch (format) {
            case GIF -> {
                // The logical screen is the canvas an animation is composed on; some decoders
                // allocate it, so it counts against the budget although only frame 0 is decoded.
                requireLength(format, data, 10);
                checkPixels(format, le16(data, 6), le16(data, 8), limits);
            }
            case BMP -> {
                // BITMAPCOREHEADER has 16-bit sizes; the later headers signed 32-bit ones, with a
                // negative height meaning top-down rows.
                if (le32(data, 14) == 12) {
                    requireLength(format, data, 22);
                    checkPixels(format, le16(data, 18), le16(data, 20), limits);
                } else {
                    requireLength(format, data, 26);
                    checkPixels(format, Math.abs((long) (int) le32(data, 18)), Math.abs((long) (int) le32(data, 22)),
                            limits);
                }
            }
            case WEBP -> {
                // The RIFF header says how long the file is. The WebP decoder reads past a truncated
                // end without complaint, so a short file is caught here.
                requireLength(format, data, 20);
                long riffEnd = 8 + le32(data, 4);
                long firstChunkEnd = 20 + le32(data, 16);
                if (data.length < riffEnd || data.length < firstChunkEnd) {
                    throw AtelierException.invalidArgument(PARAM, "the WEBP image is truncated: " + data.length
                            + " bytes of the " + Math.max(riffEnd, firstChunkEnd) + " it declares");
                }
            }
            default -> {
                // PNG, JPEG and TIFF sizes are read by the decoder from their headers.
            }
        }
    }

    private static void requireLength(ImageFormat format, byte[] data, int length) {
        if (data.length < length) {
            throw AtelierException.invalidArgument(PARAM, "the " + format + " image is truncated");
        }
    }

    private static int le16(byte[] data, int i) {
        return (data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8;
    }

    private static long le32(byte[] data, int i) {
        return le16(data, i) | (long) le16(data, i + 2) << 16;
    }

    private static void checkPixels(ImageFormat format, long width, long height, ImageLimits limits) {
        if (width * height > limits.maxPixels()) {
            throw AtelierException.invalidArgument(PARAM, "the " + format + " image declares " + width + " x "
                    + height + " pixels, more than the limit of " + limits.maxPixels() + " pixels");
        }
    }

    private static BufferedImage decode(ImageFormat format, byte[] data, ImageLimits limits) {
        ImageReader reader = readerFor(format);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            // seekForwardOnly = true: only the first image is read; ignoreMetadata: no ancillary chunk is inflated.
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1) {
                throw AtelierException.invalidArgument(PARAM, "the " + format + " image declares no pixels ("
                        + width + " x " + height + ")");
            }
            checkPixels(format, width, height, limits);
            BufferedImage image = reader.read(0);
            for (String warning : warnings) {
                // The JDK's JPEG decoder fills missing scan data with grey and only warns; a truncated
                // file must not pass as a valid image. Other warnings (extraneous bytes) are harmless.
                String w = warning.toLowerCase(Locale.ROOT);
                if (w.contains("truncated") || w.contains("premature end")) {
                    throw AtelierException.invalidArgument(PARAM, "the " + format + " image is truncated");
                }
            }
            return image;
        } catch (AtelierException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders report bad data as IIOException, EOFException, or, for some malformed headers,
            // as IndexOutOfBounds/IllegalArgument/NegativeArraySize: all mean "bad input" here.
            throw new AtelierException(ErrorCode.INVALID_ARGUMENT,
                    "the " + format + " image cannot be decoded: it is corrupt, truncated or an unsupported variant", PARAM, e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader readerFor(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            // Plugins register through the class loader that first touched ImageIO; under an
            // application server or a plugin class loader that may not have seen ours.
            ImageIO.scanForPlugins();
            readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        }
        if (!readers.hasNext()) {
            throw AtelierException.internal("no ImageIO reader for " + format
                    + " is installed (the TwelveMonkeys plugins are missing from the class path)", null);
        }
        return readers.next();
    }

    /** Converts any decoded image to TYPE_INT_RGB or TYPE_INT_ARGB in sRGB. */
    static BufferedImage toStandard(BufferedImage src) {
        int type = src.getType();
        if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        boolean alpha = src.getColorModel().hasAlpha();
        BufferedImage dst = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        if (src.getColorModel() instanceof ComponentColorModel cm
                && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && (cm.getTransferType() == DataBuffer.TYPE_BYTE || cm.getTransferType() == DataBuffer.TYPE_USHORT)) {
            // Java treats grey images as linear (CS_GRAY, gamma 1.0) and getRGB would brighten them
            // (128 -> 186); PNG and JPEG grey samples are already gamma-encoded like sRGB, so the
            // sample value is the RGB value.
            copyGray(src.getRaster(), cm, alpha, dst);
            return dst;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            src.getRGB(0, y, w, 1, row, 0, w);
            dst.setRGB(0, y, w, 1, row, 0, w);
        }
        return dst;
    }

    private static void copyGray(Raster raster, ComponentColorModel cm, boolean alpha, BufferedImage dst) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        double grayMax = (1L << cm.getComponentSize(0)) - 1;
        double alphaMax = alpha ? (1L << cm.getComponentSize(1)) - 1 : 1;
        int[] gray = new int[w];
        int[] a = new int[w];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, gray);
            if (alpha) {
                raster.getSamples(0, y, w, 1, 1, a);
            }
            for (int x = 0; x < w; x++) {
                int g = (int) Math.round(gray[x] * 255.0 / grayMax);
                int al = alpha ? (int) Math.round(a[x] * 255.0 / alphaMax) : 255;
                row[x] = al << 24 | g << 16 | g << 8 | g;
            }
            dst.setRGB(0, y, w, 1, row, 0, w);
        }
    }
}
