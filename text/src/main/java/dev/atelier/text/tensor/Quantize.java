package dev.atelier.text.tensor;

import dev.atelier.core.error.AtelierException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Encodes floats into ggml tensor data, bit for bit as ggml's reference (round-to-nearest)
 * {@code quantize_row_*_ref} functions do: F32, F16, BF16, Q8_0, Q4_0 and Q4_1.
 */
public final class Quantize {

    private Quantize() {
    }

    /** Whether {@link #quantize} can produce this type. */
    public static boolean canQuantize(GgmlType type) {
        return switch (type) {
            case F32, F16, BF16, Q8_0, Q4_0, Q4_1 -> true;
            default -> false;
        };
    }

    /** Encodes all of {@code values} (a whole number of blocks) as {@code type}. */
    public static byte[] quantize(GgmlType type, float[] values) {
        Objects.requireNonNull(values, "values");
        long size = type.byteSize(values.length);
        byte[] out = new byte[Math.toIntExact(size)];
        quantize(type, values, 0, values.length, ByteBuffer.wrap(out));
        return out;
    }

    /**
     * Encodes {@code count} values from {@code src[srcOffset..]} as {@code type}, writing at
     * {@code dst}'s position, which is advanced past the bytes written.
     */
    public static void quantize(GgmlType type, float[] src, int srcOffset, int count, ByteBuffer dst) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dst, "dst");
        Objects.checkFromIndexSize(srcOffset, count, src.length);
        if (!canQuantize(type)) {
            throw AtelierException.invalidArgument("type", "cannot quantize to " + type
                    + "; supported: F32, F16, BF16, Q8_0, Q4_0, Q4_1");
        }
        long size = type.byteSize(count);
        if (dst.remaining() < size) {
            throw AtelierException.invalidArgument("dst", count + " values of " + type + " need " + size
                    + " bytes, the buffer has " + dst.remaining());
        }
        ByteBuffer out = dst.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case F32 -> {
                for (int i = 0; i < count; i++) {
                    out.putFloat(src[srcOffset + i]);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out.putShort(Float.floatToFloat16(src[srcOffset + i]));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out.putShort(toBf16(src[srcOffset + i]));
                }
            }
            case Q8_0 -> {
                for (int i = 0; i < count; i += 32) {
                    q8_0Block(src, srcOffset + i, out);
                }
            }
            case Q4_0 -> {
                for (int i = 0; i < count; i += 32) {
                    q4_0Block(src, srcOffset + i, out);
                }
            }
            case Q4_1 -> {
                for (int i = 0; i < count; i += 32) {
                    q4_1Block(src, srcOffset + i, out);
                }
            }
            default -> throw new AssertionError(type);
        }
        dst.position(dst.position() + (int) size);
    }

    /** Float to bfloat16 rounding to nearest even, as ggml does; NaN stays a (quiet) NaN. */
    public static short toBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7fffffff) > 0x7f800000) {
            return (short) ((bits >>> 16) | 64);
        }
        return (short) ((bits + (0x7fff + ((bits >>> 16) & 1))) >>> 16);
    }

    // d = max|x| / 127, q = round(x / d), rounding halves away from zero as C's roundf.
    private static void q8_0Block(float[] x, int at, ByteBuffer out) {
        float amax = 0;
        for (int j = 0; j < 32; j++) {
            amax = Math.max(amax, Math.abs(x[at + j]));
        }
        float d = amax / 127;
        float id = d != 0 ? 1.0f / d : 0.0f;
        out.putShort(Float.floatToFloat16(d));
        for (int j = 0; j < 32; j++) {
            out.put((byte) roundf(x[at + j] * id));
        }
    }

    // d = (value of largest magnitude, sign kept) / -8, so that value maps to quant 0 exactly.
    private static void q4_0Block(float[] x, int at, ByteBuffer out) {
        float amax = 0;
        float max = 0;
        for (int j = 0; j < 32; j++) {
            float v = x[at + j];
            if (amax < Math.abs(v)) {
                amax = Math.abs(v);
                max = v;
            }
        }
        float d = max / -8;
        float id = d != 0 ? 1.0f / d : 0.0f;
        out.putShort(Float.floatToFloat16(d));
        for (int j = 0; j < 16; j++) {
            int q0 = Math.min(15, (int) (x[at + j] * id + 8.5f));
            int q1 = Math.min(15, (int) (x[at + 16 + j] * id + 8.5f));
            out.put((byte) (q0 | (q1 << 4)));
        }
    }

    // d = (max - min) / 15 with the block minimum as offset.
    private static void q4_1Block(float[] x, int at, ByteBuffer out) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int j = 0; j < 32; j++) {
            float v = x[at + j];
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        float d = (max - min) / 15;
        float id = d != 0 ? 1.0f / d : 0.0f;
        out.putShort(Float.floatToFloat16(d));
        out.putShort(Float.floatToFloat16(min));
        for (int j = 0; j < 16; j++) {
            int q0 = Math.min(15, (int) ((x[at + j] - min) * id + 0.5f));
            int q1 = Math.min(15, (int) ((x[at + 16 + j] - min) * id + 0.5f));
            out.put((byte) (q0 | (q1 << 4)));
        }
    }

    // C's roundf: halves go away from zero (Math.round sends -2.5 to -2, roundf to -3).
    static int roundf(float v) {
        float a = Math.abs(v);
        float t = (float) Math.floor(a);
        if (a - t >= 0.5f) {
            t += 1;
        }
        return (int) Math.copySign(t, v);
    }
}
