package dev.atelier.text.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The F16 kernels against a scalar reference ({@link Float#float16ToFloat} of the file's 16-bit
 * patterns, products summed in double), on random patterns that include zeros of both signs,
 * subnormals and the largest finite values. Shapes cover the panel layout's edges: one panel
 * exactly, several panels with a narrow last one, a column tail after whole groups, a tail only,
 * row counts that leave a last block of fewer than four rows, and row ranges of the thread split
 * that cut a block. Token counts cover decode, the row path for small batches and the float slabs
 * of prefill.
 */
class F16MatrixTest {

    @ParameterizedTest(name = "{0}×{1}, {2} tokens, {3} threads")
    @CsvSource({"8, 2048, 1, 2", "9, 8192, 1, 2", "9, 8192, 2, 2", "37, 4160, 1, 2", "37, 4160, 3, 2",
            "37, 4160, 5, 2", "200, 2100, 1, 3", "200, 2100, 2, 2", "200, 2100, 6, 2", "3, 4099, 1, 1",
            "6, 20, 1, 2", "5, 7, 3, 2", "1, 64, 1, 1", "130, 896, 1, 2", "130, 896, 4, 2"})
    void multiplyEqualsTheScalarReference(int rows, int cols, int tokens, int threads) {
        SplittableRandom random = new SplittableRandom(rows * 31L + cols);
        ByteBuffer raw = ByteBuffer.allocate(2 * rows * cols).order(ByteOrder.LITTLE_ENDIAN);
        float[] reference = new float[rows * cols];
        for (int i = 0; i < rows * cols; i++) {
            short h = switch (i % 11) {
                case 3 -> (short) random.nextInt(0, 0x400);              // +0 and subnormals
                case 5 -> (short) (0x8000 | random.nextInt(0, 0x400));   // −0 and negative subnormals
                case 7 -> (short) (random.nextBoolean() ? 0x7bff : 0xfbff); // ±65504, the largest finite
                default -> Float.floatToFloat16((float) random.nextGaussian() * 0.05f);
            };
            raw.putShort(2 * i, h);
            reference[i] = Float.float16ToFloat(h);
        }
        float[] x = new float[tokens * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        GgufFile file = GgufFile.read(ByteBuffer.wrap(new GgufWriter().addTensor("w", GgmlType.F16,
                new long[] {cols, rows}, raw.rewind()).toByteArray()), "test");
        GgufTensorInfo info = file.requireTensor("w");
        WeightMatrix m = WeightMatrix.load(file, info);
        assertEquals(2L * rows * cols, m.bytes());

        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            m.row(r, row, 0);
            for (int c = 0; c < cols; c++) {
                assertEquals(reference[r * cols + c], row[c], 0f, "weight " + r + "," + c);
            }
        }

        float[] out = new float[tokens * rows];
        try (Parallel parallel = new Parallel(threads)) {
            m.multiply(x, tokens, out, parallel);
        }
        for (int t = 0; t < tokens; t++) {
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                double magnitude = 0;
                for (int c = 0; c < cols; c++) {
                    double p = (double) reference[r * cols + c] * x[t * cols + c];
                    sum += p;
                    magnitude += Math.abs(p);
                }
                float got = out[t * rows + r];
                assertTrue(Math.abs(got - sum) <= 1e-5 * magnitude + 1e-30, "token " + t + " row " + r + ": " + got
                        + " vs " + sum + " (scale " + magnitude + ")");
            }
        }
    }
}
