package dev.atelier.vision.image;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The image formats {@link ImageIo} reads, recognised by their signature bytes (never by a file
 * name or a declared content type, which callers can get wrong).
 */
public enum ImageFormat {
    PNG("png"),
    JPEG("jpeg"),
    BMP("bmp"),
    GIF("gif"),
    TIFF("tiff"),
    WEBP("webp");

    /** How many leading bytes {@link #detect} needs at most. */
    public static final int SIGNATURE_BYTES = 12;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The format name {@code javax.imageio.ImageIO} knows this format by. */
    public String imageIoName() {
        return imageIoName;
    }

    /** The format whose signature {@code data} starts with, or empty when none matches. */
    public static Optional<ImageFormat> detect(byte[] data) {
        if (data == null) {
            return Optional.empty();
        }
        if (startsWith(data, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        // JPEG: SOI marker followed by the first marker's 0xFF.
        if (data.length >= 3 && u8(data, 0) == 0xFF && u8(data, 1) == 0xD8 && u8(data, 2) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (startsWith(data, ascii("GIF87a")) || startsWith(data, ascii("GIF89a"))) {
            return Optional.of(GIF);
        }
        // TIFF and BigTIFF, both byte orders.
        if (startsWith(data, new byte[] {'I', 'I', 42, 0}) || startsWith(data, new byte[] {'M', 'M', 0, 42})
                || startsWith(data, new byte[] {'I', 'I', 43, 0}) || startsWith(data, new byte[] {'M', 'M', 0, 43})) {
            return Optional.of(TIFF);
        }
        // WebP is a RIFF container whose form type is "WEBP".
        if (data.length >= 12 && startsWith(data, ascii("RIFF"))
                && data[8] == 'W' && data[9] == 'E' && data[10] == 'B' && data[11] == 'P') {
            return Optional.of(WEBP);
        }
        // "BM" alone is two letters of text; a BMP also has a 14-byte file header and a DIB header
        // whose size field (offset 14) is one of the known versions (12, 40, 52, 56, 64, 108, 124).
        if (data.length >= 18 && data[0] == 'B' && data[1] == 'M') {
            long dibSize = u8(data, 14) | (u8(data, 15) << 8) | ((long) u8(data, 16) << 16) | ((long) u8(data, 17) << 24);
            if (dibSize == 12 || dibSize == 40 || dibSize == 52 || dibSize == 56 || dibSize == 64
                    || dibSize == 108 || dibSize == 124) {
                return Optional.of(BMP);
            }
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int u8(byte[] data, int i) {
        return data[i] & 0xFF;
    }
}
