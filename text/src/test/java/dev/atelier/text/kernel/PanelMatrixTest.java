package dev.atelier.text.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufTensorInfo;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.tensor.GgmlType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The F16 and BF16 kernels against a scalar reference (F16: {@link Float#float16ToFloat} of the
 * file's 16-bit patterns; BF16: the pattern as the high half of a float; products summed in
 * double), on random patterns that include zeros of both signs, subnormals and the largest finite
 * values. Shapes cover the panel layout's edges: one panel
 * exactly, several panels with a narrow last one, a column tail after whole groups, a tail only,
 * row counts that leave a last block of fewer than four rows, and row ranges of the thread split
 * that cut a block. Token counts cover decode, the row path for small batches and the float slabs
 * of prefill.
 */
class PanelMatrixTest {

    @ParameterizedTest(name = "{0} {1}×{2}, {3} tokens, {4} threads")
    @CsvSource({"F16, 8, 2048, 1, 2", "F16, 9, 8192, 1, 2", "F16, 9, 8192, 2, 2", "F16, 37, 4160, 1, 2",
            "F16, 37, 4160, 3, 2", "F16, 37, 4160, 5, 2", "F16, 200, 2100, 1, 3", "F16, 200, 2100, 2, 2",
            "F16, 200, 2100, 6, 2", "F16, 3, 4099, 1, 1", "F16, 6, 20, 1, 2", "F16, 5, 7, 3, 2", "F16, 1, 64, 1, 1",
            "F16, 130, 896, 1, 2", "F16, 130, 896, 4, 2",
            "BF16, 9, 8192, 1, 2", "BF16, 37, 4160, 1, 2", "BF16, 37, 4160, 3, 2", "BF16, 37, 4160, 5, 2",
            "BF16, 200, 2100, 1, 3", "BF16, 200, 2100, 6, 2", "BF16, 3, 4099, 2, 1", "BF16, 5, 7, 3, 2"})
    void multiplyEqualsTheScalarReference(GgmlType type, int rows, int cols, int tokens, int threads) {
        SplittableRandom random = new SplittableRandom(rows * 31L + cols);
        boolean f16 = type == GgmlType.F16;
        ByteBuffer raw = ByteBuffer.allocate(2 * rows * cols).order(ByteOrder.LITTLE_ENDIAN);
        float[] reference = new float[rows * cols];
        for (int i = 0; i < rows * cols; i++) {
            int mantissaBits = f16 ? 10 : 7;
            short h = switch (i % 11) {
                case 3 -> (short) random.nextInt(0, 1 << mantissaBits);            // +0 and subnormals
                case 5 -> (short) (0x8000 | random.nextInt(0, 1 << mantissaBits)); // −0 and negative subnormals
                case 7 -> (short) ((random.nextBoolean() ? 0 : 0x8000) | (f16 ? 0x7bff : 0x477f)); // ±65504 (F16: largest), ±65280
                default -> {
                    float v = (float) random.nextGaussian() * 0.05f;
                    yield f16 ? Float.floatToFloat16(v) : (short) (Float.floatToRawIntBits(v) >>> 16);
                }
            };
            raw.putShort(2 * i, h);
            reference[i] = f16 ? Float.float16ToFloat(h) : Float.intBitsToFloat(h << 16);
        }
        float[] x = new float[tokens * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        GgufFile file = GgufFile.read(ByteBuffer.wrap(new GgufWriter().addTensor("w", type,
                new long[] {cols, rows}, raw.rewind()).toByteArray()), "test");
        GgufTensorInfo info = file.requireTensor("w");
        WeightMatrix m = WeightMatrix.load(file, info);
        assertEquals(type, m.sourceType());
        assertEquals(2L * rows * cols, m.bytes());

        MatrixChecks.rowsEqual(m, reference, rows, cols);

        MatrixChecks.multiplyMatches(m, reference, x, x, tokens, rows, cols, threads);
    }
}
