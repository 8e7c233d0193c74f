package dev.atelier.vision.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/** Images built for the tests from the format specifications, independent of the code under test. */
final class TestImages {

    private TestImages() {
    }

    /** At most 128 distinct colours, so GIF's 256-entry palette holds it exactly. */
    static BufferedImage pattern(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb(32 * (x % 8), 32 * (y % 8), (x / 8 + y / 8) % 2 == 0 ? 0 : 255));
            }
        }
        return img;
    }

    /** Smooth, so JPEG reproduces it closely. */
    static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb(x * 255 / (w - 1), y * 255 / (h - 1), 128));
            }
        }
        return img;
    }

    static int rgb(int r, int g, int b) {
        return r << 16 | g << 8 | b;
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A valid PNG (signature, IHDR with CRC, a small IDAT, IEND) declaring {@code w x h} RGB pixels. */
    static byte[] pngHeaderOnly(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).order(ByteOrder.BIG_ENDIAN);
        ihdr.putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        // The first rows' worth of zeros: enough to start decoding, far too little to finish.
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[4096]);
        deflater.finish();
        byte[] idat = new byte[256];
        int n = deflater.deflate(idat);
        byte[] trimmed = new byte[n];
        System.arraycopy(idat, 0, trimmed, 0, n);
        chunk(out, "IDAT", trimmed);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32(); // PNG's CRC is CRC-32/ISO-HDLC, which java.util.zip.CRC32 implements
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * A GIF89a with a {@code screenW x screenH} logical screen and one {@code frameW x frameH} frame
     * whose LZW data holds a single clear code and end code (GIF spec, appendix F).
     */
    static byte[] gif(int screenW, int screenH, int frameW, int frameH) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        le16(out, screenW);
        le16(out, screenH);
        out.write(0x80); // global colour table, 2 entries
        out.write(0);
        out.write(0);
        out.writeBytes(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        out.write(0x2C);
        le16(out, 0);
        le16(out, 0);
        le16(out, frameW);
        le16(out, frameH);
        out.write(0);
        out.write(2); // LZW minimum code size: clear = 4, end = 5, 3-bit codes
        out.write(1);
        out.write(0x2C); // codes 4 (100) then 5 (101), packed LSB first: 0b00_101_100
        out.write(0);
        out.write(0x3B);
        return out.toByteArray();
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    /**
     * A lossless WebP (RIFF + VP8L chunk) written from the WebP lossless bitstream specification:
     * no transforms, no colour cache, one prefix-code group of "simple" codes. Each pixel's red and
     * green are 0 or 255 (one bit each), blue is 0 and alpha 255 (single-symbol codes, zero bits).
     * {@code redGreen[y][x]} holds bit 1 = red on, bit 0 = green on; null means one constant black
     * pixel value for the whole image, which needs no pixel bits at all.
     */
    static byte[] webpLossless(int w, int h, int[][] redGreen) {
        BitWriter bits = new BitWriter();
        bits.write(0x2F, 8); // VP8L signature
        bits.write(w - 1, 14);
        bits.write(h - 1, 14);
        bits.write(0, 1); // alpha_is_used
        bits.write(0, 3); // version
        bits.write(0, 1); // no transform
        bits.write(0, 1); // no colour cache
        bits.write(0, 1); // no meta prefix codes
        if (redGreen == null) {
            simpleCode(bits, 0); // green
            simpleCode(bits, 0); // red
        } else {
            simpleCode(bits, 0, 255);
            simpleCode(bits, 0, 255);
        }
        simpleCode(bits, 0); // blue
        simpleCode(bits, 255); // alpha
        simpleCode(bits, 0); // distance
        if (redGreen != null) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    bits.write(redGreen[y][x] & 1, 1); // green: code 0 = symbol 0, code 1 = symbol 255
                    bits.write((redGreen[y][x] >> 1) & 1, 1); // red
                }
            }
        }
        byte[] payload = bits.toByteArray();
        int padded = payload.length + (payload.length & 1);
        ByteBuffer riff = ByteBuffer.allocate(12 + 8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + 8 + padded);
        riff.put("WEBP".getBytes(StandardCharsets.US_ASCII));
        riff.put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(payload.length).put(payload);
        return riff.array();
    }

    private static void simpleCode(BitWriter bits, int... symbols) {
        bits.write(1, 1); // simple code
        bits.write(symbols.length - 1, 1);
        bits.write(1, 1); // first symbol in 8 bits
        bits.write(symbols[0], 8);
        if (symbols.length == 2) {
            bits.write(symbols[1], 8);
        }
    }

    /** Writes values least significant bit first, as VP8L's ReadBits reads them. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        void write(int value, int n) {
            for (int i = 0; i < n; i++) {
                current |= ((value >>> i) & 1) << used;
                if (++used == 8) {
                    out.write(current);
                    current = 0;
                    used = 0;
                }
            }
        }

        byte[] toByteArray() {
            if (used > 0) {
                out.write(current);
                current = 0;
                used = 0;
            }
            return out.toByteArray();
        }
    }
}
