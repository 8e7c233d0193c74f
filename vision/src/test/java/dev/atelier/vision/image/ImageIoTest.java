package dev.atelier.vision.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageIoTest {

    private static final BufferedImage PATTERN = TestImages.pattern(40, 30);

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "gif", "tiff"})
    void losslessFormatsRoundTripExactly(String format) {
        byte[] data = TestImages.encode(PATTERN, format);
        assertEquals(ImageFormat.valueOf(format.toUpperCase()), ImageIo.detectFormat(data));
        BufferedImage back = ImageIo.read(data);
        assertEquals(BufferedImage.TYPE_INT_RGB, back.getType());
        assertSamePixels(PATTERN, back);
    }

    @Test
    void jpegRoundTripsClosely() {
        BufferedImage gradient = TestImages.gradient(64, 48);
        byte[] data = TestImages.encode(gradient, "jpeg");
        assertEquals(ImageFormat.JPEG, ImageIo.detectFormat(data));
        BufferedImage back = ImageIo.read(data);
        assertEquals(64, back.getWidth());
        assertEquals(48, back.getHeight());
        double error = 0;
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                int a = gradient.getRGB(x, y);
                int b = back.getRGB(x, y);
                for (int shift = 0; shift < 24; shift += 8) {
                    error += Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF));
                }
            }
        }
        double mean = error / (64 * 48 * 3);
        assertTrue(mean < 3, "mean absolute JPEG error " + mean);
    }

    @Test
    void pngWithAlphaKeepsAlpha() {
        BufferedImage argb = new BufferedImage(5, 4, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                argb.setRGB(x, y, (x * 60) << 24 | TestImages.rgb(10 * x, 20 * y, 200));
            }
        }
        BufferedImage back = ImageIo.read(ImageIo.pngBytes(argb));
        assertEquals(BufferedImage.TYPE_INT_ARGB, back.getType());
        assertSamePixels(argb, back);
    }

    @Test
    void greyPngSamplesAreTheirRgbValues() {
        // Java's linear-grey colour space would turn 128 into ~186 through getRGB; PNG grey is
        // gamma-encoded like sRGB, so a sample of 128 must read as (128, 128, 128).
        BufferedImage grey8 = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey8.getRaster().setSample(0, 0, 0, 128);
        grey8.getRaster().setSample(1, 0, 0, 255);
        BufferedImage back = ImageIo.read(TestImages.encode(grey8, "png"));
        assertEquals(0x808080, back.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xFFFFFF, back.getRGB(1, 0) & 0xFFFFFF);
        assertEquals(0x000000, back.getRGB(2, 1) & 0xFFFFFF);

        BufferedImage grey16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(0, 0, 0, 128 * 257); // 16-bit 0x8080 is exactly 8-bit 128
        grey16.getRaster().setSample(1, 0, 0, 65535);
        BufferedImage back16 = ImageIo.read(TestImages.encode(grey16, "png"));
        assertEquals(0x808080, back16.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xFFFFFF, back16.getRGB(1, 0) & 0xFFFFFF);
    }

    @Test
    void decodesALosslessWebpWrittenFromTheSpec() {
        int[][] bits = {{0, 1, 2}, {3, 2, 1}};
        byte[] webp = TestImages.webpLossless(3, 2, bits);
        assertEquals(ImageFormat.WEBP, ImageIo.detectFormat(webp));
        BufferedImage image = ImageIo.read(webp);
        assertEquals(3, image.getWidth());
        assertEquals(2, image.getHeight());
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                int expected = TestImages.rgb((bits[y][x] & 2) != 0 ? 255 : 0, (bits[y][x] & 1) != 0 ? 255 : 0, 0);
                assertEquals(expected, image.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
                assertEquals(0xFF, image.getRGB(x, y) >>> 24);
            }
        }
    }

    @Test
    void readsFromPathAndStream(@TempDir Path dir) throws Exception {
        byte[] png = ImageIo.pngBytes(PATTERN);
        Path file = dir.resolve("p.png");
        ImageIo.writePng(PATTERN, file);
        assertArrayEquals(png, Files.readAllBytes(file));
        assertSamePixels(PATTERN, ImageIo.read(file));
        assertSamePixels(PATTERN, ImageIo.read(new ByteArrayInputStream(png)));

        AtelierException missing = assertThrows(AtelierException.class, () -> ImageIo.read(dir.resolve("none.png")));
        assertEquals(ErrorCode.NOT_FOUND, missing.code());
        assertTrue(missing.getMessage().contains("none.png") && !missing.getMessage().contains(dir.toString()),
                missing.getMessage());
    }

    @Test
    void byteLimitIsCheckedForArraysStreamsAndFiles(@TempDir Path dir) throws Exception {
        byte[] png = ImageIo.pngBytes(PATTERN);
        ImageLimits exact = new ImageLimits(1_000_000, png.length);
        ImageLimits small = new ImageLimits(1_000_000, png.length - 1);
        assertSamePixels(PATTERN, ImageIo.read(png, exact));
        assertSamePixels(PATTERN, ImageIo.read(new ByteArrayInputStream(png), exact));
        Path file = dir.resolve("p.png");
        Files.write(file, png);
        assertInvalid(() -> ImageIo.read(png, small), "bytes");
        assertInvalid(() -> ImageIo.read(new ByteArrayInputStream(png), small), "bytes");
        assertInvalid(() -> ImageIo.read(file, small), "bytes");
    }

    @Test
    void pixelLimitIsConfigurable() {
        byte[] png = ImageIo.pngBytes(PATTERN); // 40 x 30 = 1200 pixels
        assertSamePixels(PATTERN, ImageIo.read(png, new ImageLimits(1200, 1 << 20)));
        assertInvalid(() -> ImageIo.read(png, new ImageLimits(1199, 1 << 20)), "40 x 30");
        assertInvalid(() -> new ImageLimits(0, 10), "maxPixels");
    }

    @Test
    void pngBombIsRefusedBeforeDecoding() {
        byte[] bomb = TestImages.pngHeaderOnly(100_000, 100_000);
        assertTrue(bomb.length < 200, "bomb is " + bomb.length + " bytes");
        // 10^10 pixels would need 30 GB: only refusing before decoding lets this pass.
        assertInvalid(() -> ImageIo.read(bomb), "100000 x 100000");
        // The same header with a small size is a well-formed file whose data is merely short.
        assertInvalid(() -> ImageIo.read(TestImages.pngHeaderOnly(4000, 4000)), "corrupt, truncated");
    }

    @Test
    void gifBombsAreRefusedBeforeDecoding() {
        // GIF sizes are 16-bit, so 65535 is the largest a GIF can declare (4.3 gigapixels).
        assertInvalid(() -> ImageIo.read(TestImages.gif(65535, 65535, 65535, 65535)), "65535 x 65535");
        // A huge logical screen with a tiny frame, and a tiny screen with a huge frame.
        assertInvalid(() -> ImageIo.read(TestImages.gif(65535, 65535, 1, 1)), "65535 x 65535");
        assertInvalid(() -> ImageIo.read(TestImages.gif(1, 1, 65535, 65535)), "65535 x 65535");
    }

    @Test
    void webpBombIsRefusedBeforeDecoding() {
        byte[] bomb = TestImages.webpLossless(16384, 16384, null); // the VP8L maximum, with no pixel bits
        assertTrue(bomb.length < 64, "bomb is " + bomb.length + " bytes");
        assertInvalid(() -> ImageIo.read(bomb), "16384 x 16384");
        // The same zero-bit encoding at a small size is a valid constant image.
        BufferedImage small = ImageIo.read(TestImages.webpLossless(7, 5, null));
        assertEquals(7, small.getWidth());
        assertEquals(0, small.getRGB(6, 4) & 0xFFFFFF);
    }

    @Test
    void jpegBmpAndTiffBombsAreRefusedBeforeDecoding() {
        byte[] jpeg = TestImages.encode(PATTERN, "jpeg");
        int sof = indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xC0});
        ByteBuffer.wrap(jpeg).putShort(sof + 5, (short) 60000).putShort(sof + 7, (short) 60000);
        assertInvalid(() -> ImageIo.read(jpeg), "60000 x 60000");

        byte[] bmp = TestImages.encode(PATTERN, "bmp");
        ByteBuffer.wrap(bmp).order(ByteOrder.LITTLE_ENDIAN).putInt(18, 100_000).putInt(22, 100_000);
        assertInvalid(() -> ImageIo.read(bmp), "100000 x 100000");

        byte[] tiff = TestImages.encode(PATTERN, "tiff");
        setTiffDimensions(tiff, 100_000, 100_000);
        assertInvalid(() -> ImageIo.read(tiff), "100000 x 100000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "bmp", "gif", "tiff", "webp"})
    void truncatedImagesAreInvalidArguments(String format) {
        byte[] data = "webp".equals(format)
                ? TestImages.webpLossless(40, 30, checker(40, 30))
                : TestImages.encode(format.equals("jpeg") ? TestImages.gradient(64, 48) : PATTERN, format);
        for (int cut : new int[] {1, 5, 11, 20, 40}) {
            assertInvalid(() -> ImageIo.read(Arrays.copyOf(data, cut)), "");
        }
        // Cuts inside the pixel data. A file missing only its trailer (PNG's IEND chunk, GIF's ';')
        // still holds every pixel and may be read.
        int trailer = switch (format) {
            case "png" -> 12;
            case "gif" -> 1;
            default -> 0;
        };
        for (double fraction : new double[] {0.1, 0.25, 0.5, 0.75, 0.9, 0.97}) {
            int cut = (int) ((data.length - trailer) * fraction);
            AtelierException e = assertInvalid(() -> ImageIo.read(Arrays.copyOf(data, cut)), "");
            assertTrue(e.getMessage().contains("truncated"), format + " cut at " + cut + ": " + e.getMessage());
        }
    }

    @Test
    void unsupportedFormatsAreInvalidArguments() {
        byte[] random = new byte[1000];
        new SplittableRandom(7).nextBytes(random);
        assertInvalid(() -> ImageIo.read(random), "unsupported image format");
        assertInvalid(() -> ImageIo.read("hello, this is a text file\n".getBytes(StandardCharsets.UTF_8)),
                "unsupported image format");
        // Starts with "BM" like a bitmap, and is still only text.
        assertInvalid(() -> ImageIo.read("BMW is a car maker, not an image format".getBytes(StandardCharsets.UTF_8)),
                "unsupported image format");
        assertInvalid(() -> ImageIo.read("RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII)),
                "unsupported image format");
        assertInvalid(() -> ImageIo.read(new byte[0]), "empty");
        assertInvalid(() -> ImageIo.read((byte[]) null), "empty");
    }

    /** Corrupted bytes anywhere: either an image or an INVALID_ARGUMENT, never another exception. */
    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "bmp", "gif", "tiff", "webp"})
    void corruptedBytesNeverLeakDecoderExceptions(String format) {
        byte[] data = "webp".equals(format)
                ? TestImages.webpLossless(40, 30, checker(40, 30))
                : TestImages.encode(PATTERN, format);
        SplittableRandom random = new SplittableRandom(format.hashCode());
        int decoded = 0;
        for (int trial = 0; trial < 150; trial++) {
            byte[] copy = data.clone();
            for (int k = 0; k < 1 + trial % 4; k++) {
                copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
            }
            try {
                BufferedImage image = ImageIo.read(copy);
                assertTrue(image.getWidth() > 0 && image.getHeight() > 0);
                decoded++;
            } catch (AtelierException e) {
                assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
            }
        }
        assertTrue(decoded < 150, format + ": no corruption was noticed at all");
    }

    private static int[][] checker(int w, int h) {
        int[][] bits = new int[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                bits[y][x] = (x + 2 * y) % 4;
            }
        }
        return bits;
    }

    /** Rewrites the ImageWidth (256) and ImageLength (257) entries of the first IFD (TIFF 6.0, section 2). */
    private static void setTiffDimensions(byte[] tiff, int width, int height) {
        ByteBuffer b = ByteBuffer.wrap(tiff).order(tiff[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = b.getInt(4);
        int entries = b.getShort(ifd) & 0xFFFF;
        int found = 0;
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + 12 * i;
            int tag = b.getShort(entry) & 0xFFFF;
            if (tag == 256 || tag == 257) {
                b.putShort(entry + 2, (short) 4); // type LONG, count 1, value inline
                b.putInt(entry + 4, 1);
                b.putInt(entry + 8, tag == 256 ? width : height);
                found++;
            }
        }
        assertEquals(2, found);
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    static AtelierException assertInvalid(org.junit.jupiter.api.function.Executable call, String messagePart) {
        AtelierException e = assertThrows(AtelierException.class, call);
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), "'" + e.getMessage() + "' lacks '" + messagePart + "'");
        return e;
    }

    static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                int e = expected.getRGB(x, y);
                int a = actual.getRGB(x, y);
                if (!expected.getColorModel().hasAlpha()) {
                    e |= 0xFF000000;
                }
                assertEquals(Integer.toHexString(e), Integer.toHexString(a), "pixel " + x + "," + y);
            }
        }
    }
}
