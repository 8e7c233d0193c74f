package dev.atelier.text.tensor;

import dev.atelier.core.error.AtelierException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decodes ggml tensor data to floats, following the block layouts of ggml's reference
 * {@code dequantize_row_*} functions. Source bytes are read from the buffer's position on (the
 * position is not moved) as little-endian whatever the buffer's order.
 */
public final class Dequantize {

    private Dequantize() {
    }

    /** Decodes {@code count} values of {@code type} into a new array. */
    public static float[] toFloat(GgmlType type, ByteBuffer src, int count) {
        float[] out = new float[count];
        toFloat(type, src, out, 0, count);
        return out;
    }

    /**
     * Decodes {@code count} values of {@code type} from {@code src} into {@code dst[dstOffset..]}.
     * The count must be whole blocks and {@code src} must hold them; an unsupported type is
     * UNAVAILABLE (the model cannot be used), bad arguments are INVALID_ARGUMENT.
     */
    public static void toFloat(GgmlType type, ByteBuffer src, float[] dst, int dstOffset, int count) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        if (!type.canDequantize()) {
            throw AtelierException.unavailable("tensor type " + type + " cannot be dequantized; supported: "
                    + Arrays.stream(GgmlType.values()).filter(GgmlType::canDequantize).toList());
        }
        long bytes = type.byteSize(count);
        if (src.remaining() < bytes) {
            throw AtelierException.invalidArgument("src", count + " values of " + type + " need " + bytes
                    + " bytes, the buffer has " + src.remaining());
        }
        Objects.checkFromIndexSize(dstOffset, count, dst.length);
        ByteBuffer b = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int at = src.position();
        int blocks = count / type.blockSize();
        switch (type) {
            case F32 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = b.getFloat(at + 4 * i);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = Float.float16ToFloat(b.getShort(at + 2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = Float.intBitsToFloat((b.getShort(at + 2 * i) & 0xFFFF) << 16);
                }
            }
            case Q8_0 -> q8_0(b, at, blocks, dst, dstOffset);
            case Q4_0 -> q4_0(b, at, blocks, dst, dstOffset);
            case Q4_1 -> q4_1(b, at, blocks, dst, dstOffset);
            case Q5_0 -> q5_0(b, at, blocks, dst, dstOffset);
            case Q5_1 -> q5_1(b, at, blocks, dst, dstOffset);
            case Q2_K -> q2_k(b, at, blocks, dst, dstOffset);
            case Q3_K -> q3_k(b, at, blocks, dst, dstOffset);
            case Q4_K -> q4_k(b, at, blocks, dst, dstOffset);
            case Q5_K -> q5_k(b, at, blocks, dst, dstOffset);
            case Q6_K -> q6_k(b, at, blocks, dst, dstOffset);
            default -> throw new AssertionError(type);
        }
    }

    private static float f16(ByteBuffer b, int at) {
        return Float.float16ToFloat(b.getShort(at));
    }

    private static int u8(ByteBuffer b, int at) {
        return b.get(at) & 0xFF;
    }

    // Q8_0: fp16 scale, 32 signed bytes.
    private static void q8_0(ByteBuffer b, int at, int blocks, float[] y, int o) {
        for (int i = 0; i < blocks; i++, at += 34, o += 32) {
            float d = f16(b, at);
            for (int j = 0; j < 32; j++) {
                y[o + j] = d * b.get(at + 2 + j);
            }
        }
    }

    // Q4_0: fp16 scale, 16 bytes; low nibbles are elements 0..15, high nibbles 16..31, offset by 8.
    private static void q4_0(ByteBuffer b, int at, int blocks, float[] y, int o) {
        for (int i = 0; i < blocks; i++, at += 18, o += 32) {
            float d = f16(b, at);
            for (int j = 0; j < 16; j++) {
                int q = u8(b, at + 2 + j);
                y[o + j] = d * ((q & 15) - 8);
                y[o + j + 16] = d * ((q >> 4) - 8);
            }
        }
    }

    // Q4_1: fp16 scale and minimum, 16 bytes of unsigned nibbles.
    private static void q4_1(ByteBuffer b, int at, int blocks, float[] y, int o) {
        for (int i = 0; i < blocks; i++, at += 20, o += 32) {
            float d = f16(b, at);
            float m = f16(b, at + 2);
            for (int j = 0; j < 16; j++) {
                int q = u8(b, at + 4 + j);
                y[o + j] = (q & 15) * d + m;
                y[o + j + 16] = (q >> 4) * d + m;
            }
        }
    }

    // Q5_0: fp16 scale, 32 high bits, 16 bytes of low nibbles; 5-bit values offset by 16.
    private static void q5_0(ByteBuffer b, int at, int blocks, float[] y, int o) {
        for (int i = 0; i < blocks; i++, at += 22, o += 32) {
            float d = f16(b, at);
            int qh = b.getInt(at + 2);
            for (int j = 0; j < 16; j++) {
                int q = u8(b, at + 6 + j);
                int h0 = ((qh >>> j) << 4) & 0x10;
                int h1 = (qh >>> (j + 12)) & 0x10;
                y[o + j] = d * (((q & 15) | h0) - 16);
                y[o + j + 16] = d * (((q >> 4) | h1) - 16);
            }
        }
    }

    // Q5_1: fp16 scale and minimum, 32 high bits, 16 bytes of low nibbles.
    private static void q5_1(ByteBuffer b, int at, int blocks, float[] y, int o) {
        for (int i = 0; i < blocks; i++, at += 24, o += 32) {
            float d = f16(b, at);
            float m = f16(b, at + 2);
            int qh = b.getInt(at + 4);
            for (int j = 0; j < 16; j++) {
                int q = u8(b, at + 8 + j);
                int h0 = ((qh >>> j) << 4) & 0x10;
                int h1 = (qh >>> (j + 12)) & 0x10;
                y[o + j] = ((q & 15) | h0) * d + m;
                y[o + j + 16] = ((q >> 4) | h1) * d + m;
            }
        }
    }

    // Q2_K: 16 scale bytes (low nibble scale, high nibble min), 64 bytes of 2-bit quants, fp16 d, dmin.
    private static void q2_k(ByteBuffer b, int at, int blocks, float[] y, int o) {
        for (int i = 0; i < blocks; i++, at += 84) {
            float d = f16(b, at + 80);
            float min = f16(b, at + 82);
            int is = 0;
            for (int n = 0; n < 256; n += 128) {
                int q = at + 16 + n / 4;
                for (int shift = 0; shift < 8; shift += 2) {
                    for (int half = 0; half < 32; half += 16) {
                        int sc = u8(b, at + is++);
                        float dl = d * (sc & 15);
                        float ml = min * (sc >> 4);
                        for (int l = 0; l < 16; l++) {
                            y[o++] = dl * ((u8(b, q + half + l) >> shift) & 3) - ml;
                        }
                    }
                }
            }
        }
    }

    // Q3_K: 32 bytes of high-bit masks, 64 bytes of 2-bit quants, 12 bytes of packed 6-bit scales, fp16 d.
    private static void q3_k(ByteBuffer b, int at, int blocks, float[] y, int o) {
        int[] scales = new int[16];
        for (int i = 0; i < blocks; i++, at += 110) {
            float dAll = f16(b, at + 108);
            unpackQ3Scales(b, at + 96, scales);
            int is = 0;
            int m = 1;
            for (int n = 0; n < 256; n += 128) {
                int q = at + 32 + n / 4;
                for (int shift = 0; shift < 8; shift += 2, m <<= 1) {
                    for (int half = 0; half < 32; half += 16) {
                        float dl = dAll * (scales[is++] - 32);
                        for (int l = 0; l < 16; l++) {
                            int low = (u8(b, q + half + l) >> shift) & 3;
                            int high = (u8(b, at + half + l) & m) != 0 ? 0 : 4;
                            y[o++] = dl * (low - high);
                        }
                    }
                }
            }
        }
    }

    // The 16 six-bit Q3_K scales: low 4 bits from bytes 0..7 (two nibbles each), high 2 bits from bytes 8..11.
    private static void unpackQ3Scales(ByteBuffer b, int at, int[] scales) {
        for (int k = 0; k < 16; k++) {
            int low = (u8(b, at + (k & 7)) >> (k < 8 ? 0 : 4)) & 15;
            int high = (u8(b, at + 8 + (k & 3)) >> (2 * (k / 4))) & 3;
            scales[k] = low | (high << 4);
        }
    }

    // The 6-bit scale and min number j of a Q4_K/Q5_K block, packed in 12 bytes.
    private static int scaleK4(ByteBuffer b, int scales, int j) {
        return j < 4 ? u8(b, scales + j) & 63
                : (u8(b, scales + j + 4) & 15) | ((u8(b, scales + j - 4) >> 6) << 4);
    }

    private static int minK4(ByteBuffer b, int scales, int j) {
        return j < 4 ? u8(b, scales + j + 4) & 63
                : (u8(b, scales + j + 4) >> 4) | ((u8(b, scales + j) >> 6) << 4);
    }

    // Q4_K: fp16 d, dmin, 12 bytes of scales/mins, 128 bytes of nibbles in 4 groups of 64 values.
    private static void q4_k(ByteBuffer b, int at, int blocks, float[] y, int o) {
        for (int i = 0; i < blocks; i++, at += 144) {
            float d = f16(b, at);
            float min = f16(b, at + 2);
            int scales = at + 4;
            int q = at + 16;
            for (int j = 0, is = 0; j < 256; j += 64, is += 2, q += 32) {
                float d1 = d * scaleK4(b, scales, is);
                float m1 = min * minK4(b, scales, is);
                float d2 = d * scaleK4(b, scales, is + 1);
                float m2 = min * minK4(b, scales, is + 1);
                for (int l = 0; l < 32; l++) {
                    y[o + l] = d1 * (u8(b, q + l) & 15) - m1;
                    y[o + 32 + l] = d2 * (u8(b, q + l) >> 4) - m2;
                }
                o += 64;
            }
        }
    }

    // Q5_K: like Q4_K plus 32 bytes holding the fifth bit of every value.
    private static void q5_k(ByteBuffer b, int at, int blocks, float[] y, int o) {
        for (int i = 0; i < blocks; i++, at += 176) {
            float d = f16(b, at);
            float min = f16(b, at + 2);
            int scales = at + 4;
            int qh = at + 16;
            int ql = at + 48;
            int u1 = 1;
            int u2 = 2;
            for (int j = 0, is = 0; j < 256; j += 64, is += 2, ql += 32, u1 <<= 2, u2 <<= 2) {
                float d1 = d * scaleK4(b, scales, is);
                float m1 = min * minK4(b, scales, is);
                float d2 = d * scaleK4(b, scales, is + 1);
                float m2 = min * minK4(b, scales, is + 1);
                for (int l = 0; l < 32; l++) {
                    int h = u8(b, qh + l);
                    y[o + l] = d1 * ((u8(b, ql + l) & 15) + ((h & u1) != 0 ? 16 : 0)) - m1;
                    y[o + 32 + l] = d2 * ((u8(b, ql + l) >> 4) + ((h & u2) != 0 ? 16 : 0)) - m2;
                }
                o += 64;
            }
        }
    }

    // Q6_K: 128 bytes of low nibbles, 64 bytes of high 2-bit pairs, 16 signed 8-bit scales, fp16 d.
    private static void q6_k(ByteBuffer b, int at, int blocks, float[] y, int o) {
        for (int i = 0; i < blocks; i++, at += 210) {
            float d = f16(b, at + 208);
            int ql = at;
            int qh = at + 128;
            int sc = at + 192;
            for (int n = 0; n < 256; n += 128, ql += 64, qh += 32, sc += 8) {
                for (int l = 0; l < 32; l++) {
                    int is = l / 16;
                    int h = u8(b, qh + l);
                    int q1 = ((u8(b, ql + l) & 15) | ((h & 3) << 4)) - 32;
                    int q2 = ((u8(b, ql + l + 32) & 15) | (((h >> 2) & 3) << 4)) - 32;
                    int q3 = ((u8(b, ql + l) >> 4) | (((h >> 4) & 3) << 4)) - 32;
                    int q4 = ((u8(b, ql + l + 32) >> 4) | (((h >> 6) & 3) << 4)) - 32;
                    y[o + l] = d * b.get(sc + is) * q1;
                    y[o + l + 32] = d * b.get(sc + is + 2) * q2;
                    y[o + l + 64] = d * b.get(sc + is + 4) * q3;
                    y[o + l + 96] = d * b.get(sc + is + 6) * q4;
                }
                o += 128;
            }
        }
    }
}
