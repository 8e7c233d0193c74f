package dev.atelier.text.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Dequantization against values worked out by hand from the block layouts in ggml-common.h, and,
 * for the k-quants, against a per-element reading of the layout written independently of the
 * decoder's loop structure.
 */
class DequantizeTest {

    static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    static float[] decode(GgmlType type, ByteBuffer b, int n) {
        return Dequantize.toFloat(type, b.flip(), n);
    }

    @Test
    void f32() {
        ByteBuffer b = le(8).put(new byte[] {0, 0, (byte) 0xC0, 0x3F}).put(new byte[] {0, 0, 0x20, (byte) 0xC1});
        assertArrayEquals(new float[] {1.5f, -10f}, decode(GgmlType.F32, b, 2));
    }

    @Test
    void f16IncludingSubnormalsAndInfinity() {
        ByteBuffer b = le(12);
        for (int bits : new int[] {0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00, 0x3555}) {
            b.putShort((short) bits);
        }
        assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY, 0.333251953125f},
                decode(GgmlType.F16, b, 6));
    }

    @Test
    void bf16IsTheHighHalfOfAFloat() {
        ByteBuffer b = le(6).putShort((short) 0x3F80).putShort((short) 0xC040).putShort((short) 0x4049);
        assertArrayEquals(new float[] {1f, -3f, 3.140625f}, decode(GgmlType.BF16, b, 3));
    }

    @Test
    void q8_0() {
        ByteBuffer b = le(34).putShort((short) 0x3800); // d = 0.5
        float[] expected = new float[32];
        for (int j = 0; j < 32; j++) {
            int q = j == 0 ? -128 : j == 31 ? 127 : j - 16;
            b.put((byte) q);
            expected[j] = 0.5f * q;
        }
        assertArrayEquals(expected, decode(GgmlType.Q8_0, b, 32));
    }

    @Test
    void q4_0LowNibblesFirstHalfHighNibblesSecondHalf() {
        ByteBuffer b = le(18).putShort((short) 0x4000); // d = 2
        for (int j = 0; j < 16; j++) {
            b.put((byte) (j | (15 - j) << 4));
        }
        float[] w = decode(GgmlType.Q4_0, b, 32);
        for (int j = 0; j < 16; j++) {
            assertEquals(2f * (j - 8), w[j], "w[" + j + "]");
            assertEquals(2f * (7 - j), w[j + 16], "w[" + (j + 16) + "]");
        }
        assertEquals(-16f, w[0]);
        assertEquals(14f, w[15]);
    }

    @Test
    void q4_1AddsTheMinimum() {
        ByteBuffer b = le(20).putShort((short) 0x3800).putShort((short) 0xBC00); // d = 0.5, m = -1
        for (int j = 0; j < 16; j++) {
            b.put((byte) (j | 3 << 4));
        }
        float[] w = decode(GgmlType.Q4_1, b, 32);
        for (int j = 0; j < 16; j++) {
            assertEquals(0.5f * j - 1, w[j]);
            assertEquals(0.5f * 3 - 1, w[j + 16]);
        }
    }

    @Test
    void q5_0TakesTheFifthBitFromQh() {
        ByteBuffer b = le(22).putShort((short) 0x3C00).putInt(0x0000_00FF); // d = 1; elements 0..7 have bit 5
        for (int j = 0; j < 16; j++) {
            b.put((byte) 0x31); // low nibble 1, high nibble 3
        }
        float[] w = decode(GgmlType.Q5_0, b, 32);
        for (int j = 0; j < 32; j++) {
            float expected = j < 8 ? 1 : j < 16 ? 1 - 16 : 3 - 16;
            assertEquals(expected, w[j], "w[" + j + "]");
        }
    }

    @Test
    void q5_1() {
        ByteBuffer b = le(24).putShort((short) 0x3C00).putShort((short) 0x3800).putInt(0x8000_0000); // d 1, m 0.5
        b.put(new byte[16]);
        float[] w = decode(GgmlType.Q5_1, b, 32);
        for (int j = 0; j < 31; j++) {
            assertEquals(0.5f, w[j]);
        }
        assertEquals(16.5f, w[31]);
    }

    // --- k-quants: expected values from a per-element reading of the layouts ---

    /** The 6-bit scale/min pair number j (0..7) of a Q4_K/Q5_K block's 12 packed bytes. */
    static int[] k4ScaleMin(byte[] s, int j) {
        // Bytes 0-3: scales 0-3 (low 6 bits); bytes 4-7: mins 0-3; bytes 8-11: low nibble = low 4 bits
        // of scale 4-7, high nibble = low 4 bits of min 4-7; the top 2 bits of bytes 0-3 / 4-7 are the
        // high bits of scales / mins 4-7.
        if (j < 4) {
            return new int[] {s[j] & 63, s[4 + j] & 63};
        }
        int scale = (s[8 + j - 4] & 0x0F) | ((s[j - 4] & 0xFF) >> 6) << 4;
        int min = ((s[8 + j - 4] & 0xFF) >> 4) | ((s[j] & 0xFF) >> 6) << 4;
        return new int[] {scale, min};
    }

    static byte[] randomBlock(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static void putHalf(byte[] block, int at, float v) {
        short h = Float.floatToFloat16(v);
        block[at] = (byte) h;
        block[at + 1] = (byte) (h >> 8);
    }

    static float[] decodeBytes(GgmlType type, byte[] block) {
        return Dequantize.toFloat(type, ByteBuffer.wrap(block), 256);
    }

    @Test
    void q4_k() {
        for (long seed = 0; seed < 5; seed++) {
            byte[] x = randomBlock(144, seed);
            putHalf(x, 0, 0.25f);
            putHalf(x, 2, -0.125f);
            byte[] scales = java.util.Arrays.copyOfRange(x, 4, 16);
            float[] w = decodeBytes(GgmlType.Q4_K, x);
            for (int i = 0; i < 256; i++) {
                int sub = i / 32; // 8 sub-blocks of 32; pairs share 32 bytes: even = low nibbles, odd = high
                int qbyte = x[16 + (sub / 2) * 32 + i % 32] & 0xFF;
                int q = sub % 2 == 0 ? qbyte & 15 : qbyte >> 4;
                int[] sm = k4ScaleMin(scales, sub);
                assertEquals(0.25f * sm[0] * q - -0.125f * sm[1], w[i], 1e-6f, "seed " + seed + " element " + i);
            }
        }
    }

    @Test
    void q5_k() {
        for (long seed = 0; seed < 5; seed++) {
            byte[] x = randomBlock(176, seed);
            putHalf(x, 0, 0.5f);
            putHalf(x, 2, 0.25f);
            byte[] scales = java.util.Arrays.copyOfRange(x, 4, 16);
            float[] w = decodeBytes(GgmlType.Q5_K, x);
            for (int i = 0; i < 256; i++) {
                int sub = i / 32;
                int qbyte = x[48 + (sub / 2) * 32 + i % 32] & 0xFF;
                int low = sub % 2 == 0 ? qbyte & 15 : qbyte >> 4;
                int high = (x[16 + i % 32] >> sub) & 1; // bit `sub` of qh[i % 32]
                int[] sm = k4ScaleMin(scales, sub);
                assertEquals(0.5f * sm[0] * (low + 16 * high) - 0.25f * sm[1], w[i], 1e-6f, "element " + i);
            }
        }
    }

    @Test
    void q6_k() {
        for (long seed = 0; seed < 5; seed++) {
            byte[] x = randomBlock(210, seed);
            putHalf(x, 208, 0.03125f);
            float[] w = decodeBytes(GgmlType.Q6_K, x);
            for (int i = 0; i < 256; i++) {
                int half = i / 128; // two halves of 128: 64 bytes of ql, 32 of qh, 8 scales each
                int r = i % 128;
                int quarter = r / 32;
                int l = r % 32;
                int qlByte = x[64 * half + l + (quarter % 2) * 32] & 0xFF;
                int low = quarter < 2 ? qlByte & 15 : qlByte >> 4;
                int high = ((x[128 + 32 * half + l] & 0xFF) >> (2 * quarter)) & 3;
                int q = (low | high << 4) - 32;
                int scale = x[192 + 8 * half + 2 * quarter + l / 16]; // signed
                assertEquals(0.03125f * scale * q, w[i], 1e-6f, "element " + i);
            }
        }
    }

    @Test
    void q2_k() {
        for (long seed = 0; seed < 5; seed++) {
            byte[] x = randomBlock(84, seed);
            putHalf(x, 80, 0.5f);
            putHalf(x, 82, 0.25f);
            float[] w = decodeBytes(GgmlType.Q2_K, x);
            for (int i = 0; i < 256; i++) {
                int half = i / 128; // each half: 32 bytes of quants, read 4 times at shifts 0, 2, 4, 6
                int r = i % 128;
                int shift = 2 * (r / 32);
                int l = r % 32;
                int q = ((x[16 + 32 * half + l] & 0xFF) >> shift) & 3;
                int sc = x[i / 16] & 0xFF; // one scale byte per 16 elements
                assertEquals(0.5f * (sc & 15) * q - 0.25f * (sc >> 4), w[i], 1e-6f, "element " + i);
            }
        }
    }

    @Test
    void q3_k() {
        for (long seed = 0; seed < 5; seed++) {
            byte[] x = randomBlock(110, seed);
            putHalf(x, 108, 0.5f);
            float[] w = decodeBytes(GgmlType.Q3_K, x);
            for (int i = 0; i < 256; i++) {
                int half = i / 128;
                int r = i % 128;
                int shift = 2 * (r / 32);
                int l = r % 32;
                int low = ((x[32 + 32 * half + l] & 0xFF) >> shift) & 3;
                boolean highSet = ((x[l] & 0xFF) >> (i / 32) & 1) != 0; // hmask[l], bit = group of 32
                int q = low - (highSet ? 0 : 4);
                int k = i / 16; // 16 six-bit scales: low 4 bits in bytes 0-7, high 2 bits in bytes 8-11
                int lowBits = k < 8 ? x[96 + k] & 15 : (x[96 + k - 8] & 0xFF) >> 4;
                int highBits = ((x[96 + 8 + k % 4] & 0xFF) >> (2 * (k / 4))) & 3;
                int scale = (lowBits | highBits << 4) - 32;
                assertEquals(0.5f * scale * q, w[i], 1e-6f, "element " + i);
            }
        }
    }

    @Test
    void readsFromThePositionWithoutMovingItAndWithAnyByteOrder() {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN);
        b.position(4);
        b.order(ByteOrder.LITTLE_ENDIAN).putFloat(4, 2.5f).putFloat(8, -1f).order(ByteOrder.BIG_ENDIAN);
        float[] out = new float[3];
        Dequantize.toFloat(GgmlType.F32, b, out, 1, 2);
        assertArrayEquals(new float[] {0, 2.5f, -1f}, out);
        assertEquals(4, b.position());
    }

    @Test
    void typedErrors() {
        ByteBuffer small = ByteBuffer.allocate(10);
        AtelierException e = assertThrows(AtelierException.class, () -> Dequantize.toFloat(GgmlType.Q8_0, small, 32));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        e = assertThrows(AtelierException.class, () -> Dequantize.toFloat(GgmlType.Q8_0, ByteBuffer.allocate(100), 31));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        e = assertThrows(AtelierException.class, () -> Dequantize.toFloat(GgmlType.IQ2_XXS, ByteBuffer.allocate(66), 256));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
    }
}
