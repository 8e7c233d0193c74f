package dev.atelier.text.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Quantization as ggml's reference quantize_row_*_ref: exact vectors worked out by hand, and error bounds. */
class QuantizeTest {

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void q8_0RoundsHalvesAwayFromZero() {
        // amax = 127 makes d = 1 and the quants the values themselves, rounded as C's roundf.
        float[] x = new float[32];
        float[] given = {127f, 2.5f, -2.5f, 0.5f, -0.5f, 1.5f, -1.49f, -127f, 0.49999997f};
        System.arraycopy(given, 0, x, 0, given.length);
        byte[] q = Quantize.quantize(GgmlType.Q8_0, x);
        assertEquals(34, q.length);
        assertEquals((short) 0x3C00, le(q).getShort(0), "d = 1.0 in fp16");
        byte[] expected = {127, 3, -3, 1, -1, 2, -1, -127, 0};
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], q[2 + j], "q[" + j + "] for " + x[j]);
        }
    }

    @Test
    void q8_0KnownBlock() {
        // x[j] = j - 16: amax 16, d = 16/127, 1/d = 7.9375; q = roundf(x * 7.9375).
        float[] x = new float[32];
        for (int j = 0; j < 32; j++) {
            x[j] = j - 16;
        }
        byte[] q = Quantize.quantize(GgmlType.Q8_0, x);
        assertEquals(Float.floatToFloat16(16f / 127), le(q).getShort(0));
        assertEquals(-127, q[2 + 0]);   // -16 * 7.9375 = -127
        assertEquals(-24, q[2 + 13]);   // -3 * 7.9375 = -23.8125
        assertEquals(-8, q[2 + 15]);    // -1 -> -7.9375
        assertEquals(0, q[2 + 16]);
        assertEquals(16, q[2 + 18]);    // 2 -> 15.875
        assertEquals(119, q[2 + 31]);   // 15 -> 119.0625
    }

    @Test
    void q4_0KnownBlock() {
        // The value of largest magnitude is -16 at j = 0: d = -16 / -8 = 2, 1/d = 0.5, q = min(15, (int)(x/2 + 8.5)).
        float[] x = new float[32];
        x[0] = -16;
        x[1] = 3;     // 1.5 + 8.5 = 10
        x[2] = 15;    // 7.5 + 8.5 = 16, clamped to 15
        x[3] = -1;    // -0.5 + 8.5 = 8
        x[16] = 14;   // 7 + 8.5 = 15.5 -> 15
        x[17] = -3.1f; // -1.55 + 8.5 = 6.95 -> 6
        byte[] q = Quantize.quantize(GgmlType.Q4_0, x);
        assertEquals(18, q.length);
        assertEquals((short) 0x4000, le(q).getShort(0), "d = 2.0");
        int[] low = {0, 10, 15, 8};
        int[] high = {15, 6, 8, 8};
        for (int j = 0; j < 4; j++) {
            assertEquals(low[j], q[2 + j] & 15, "low nibble " + j);
            assertEquals(high[j], (q[2 + j] & 0xFF) >> 4, "high nibble " + j);
        }
    }

    @Test
    void q4_0KeepsTheSignOfTheLargestValue() {
        float[] x = new float[32];
        x[5] = 16; // d = 16 / -8 = -2: 16 maps to quant 0, which decodes to -2 * (0 - 8) = 16 exactly
        x[6] = -4;
        byte[] q = Quantize.quantize(GgmlType.Q4_0, x);
        assertEquals(Float.floatToFloat16(-2f), le(q).getShort(0));
        float[] w = Dequantize.toFloat(GgmlType.Q4_0, ByteBuffer.wrap(q), 32);
        assertEquals(16f, w[5]);
        assertEquals(-4f, w[6]);
        assertEquals(0f, w[0], 0f); // -2 * 0 is -0.0
    }

    @Test
    void q8_0ErrorIsAtMostHalfAStep() {
        Random r = new Random(42);
        float[] x = new float[32 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * (1 + i / 32));
        }
        byte[] q = Quantize.quantize(GgmlType.Q8_0, x);
        float[] y = Dequantize.toFloat(GgmlType.Q8_0, ByteBuffer.wrap(q), x.length);
        for (int b = 0; b < x.length / 32; b++) {
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(x[32 * b + j]));
            }
            float d = amax / 127;
            float stored = Float.float16ToFloat(le(q).getShort(34 * b));
            for (int j = 0; j < 32; j++) {
                int i = 32 * b + j;
                int qi = q[34 * b + 2 + j];
                assertTrue(Math.abs(x[i] - d * qi) <= d / 2 * (1 + 1e-5f), "rounding error of element " + i);
                // Only the fp16 rounding of the scale adds to it.
                assertTrue(Math.abs(x[i] - y[i]) <= d / 2 + 127 * Math.abs(stored - d) + 1e-6f, "element " + i);
            }
        }
    }

    @Test
    void q4_0AndQ4_1ErrorsAreBoundedByOneStep() {
        Random r = new Random(7);
        float[] x = new float[32 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (GgmlType t : new GgmlType[] {GgmlType.Q4_0, GgmlType.Q4_1}) {
            byte[] q = Quantize.quantize(t, x);
            float[] y = Dequantize.toFloat(t, ByteBuffer.wrap(q), x.length);
            for (int b = 0; b < x.length / 32; b++) {
                float d = Math.abs(Float.float16ToFloat(le(q).getShort(t.blockBytes() * b)));
                for (int j = 0; j < 32; j++) {
                    int i = 32 * b + j;
                    assertTrue(Math.abs(x[i] - y[i]) <= d * 1.01f + 1e-3f, t + " element " + i + ": " + x[i] + " vs " + y[i]);
                }
            }
        }
    }

    @Test
    void halfPrecisionRoundTripsRepresentableValues() {
        float[] f16 = {0f, 1f, -2.5f, 65504f, 0x1p-24f, 3.140625f};
        assertArrayEquals(f16, Dequantize.toFloat(GgmlType.F16, ByteBuffer.wrap(Quantize.quantize(GgmlType.F16, f16)), 6));
        float[] bf16 = {0f, 1f, -2.5f, 0x1p-24f, 3.140625f, 0x1.fep127f};
        assertArrayEquals(bf16, Dequantize.toFloat(GgmlType.BF16, ByteBuffer.wrap(Quantize.quantize(GgmlType.BF16, bf16)), 6));
    }

    @Test
    void bf16RoundsToNearestEven() {
        assertEquals((short) 0x3F80, Quantize.toBf16(Float.intBitsToFloat(0x3F80_8000))); // tie, even stays
        assertEquals((short) 0x3F82, Quantize.toBf16(Float.intBitsToFloat(0x3F81_8000))); // tie, odd rounds up
        assertEquals((short) 0x3F81, Quantize.toBf16(Float.intBitsToFloat(0x3F80_8001))); // above the tie
        assertTrue(Float.isNaN(Float.intBitsToFloat(Quantize.toBf16(Float.NaN) << 16)));
    }

    @Test
    void typedErrors() {
        AtelierException e = assertThrows(AtelierException.class, () -> Quantize.quantize(GgmlType.Q8_0, new float[31]));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        e = assertThrows(AtelierException.class, () -> Quantize.quantize(GgmlType.Q6_K, new float[256]));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        e = assertThrows(AtelierException.class,
                () -> Quantize.quantize(GgmlType.Q8_0, new float[32], 0, 32, ByteBuffer.allocate(33)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }

    @Test
    void roundfMatchesC() {
        assertEquals(3, Quantize.roundf(2.5f));
        assertEquals(-3, Quantize.roundf(-2.5f));
        assertEquals(0, Quantize.roundf(0.49999997f));
        assertEquals(-1, Quantize.roundf(-0.5f));
        assertEquals(8388609, Quantize.roundf(8388609f));
    }
}
