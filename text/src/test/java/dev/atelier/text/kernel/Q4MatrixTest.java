package dev.atelier.text.kernel;


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
 * The Q4_0 kernels against a scalar reference written from the published formats: the weights
 * decoded from the file's 18-byte blocks (fp16 d, then byte j holding weights j (low nibble) and
 * j + 16 (high nibble), w = d·(n − 8)), the product summed in double with the float activations,
 * or, for the 8-bit mode, with the activations quantized as llama.cpp's Q8_0 activation blocks
 * (d = max|x| / 127, q = round(x · (1/d))). Column counts cover whole kernel groups, groups plus
 * a tail, and a tail only, and one or several panels (the last one narrower); row counts not
 * divisible by the four-row blocks; token counts cover decode, the row path for small batches and
 * the float slabs of prefill; one and two threads.
 */
class Q4MatrixTest {

    @ParameterizedTest(name = "{0}×{1}, {2} tokens, 8-bit activations: {3}, {4} threads")
    @CsvSource({"37, 1120, 1, false, 2", "37, 1120, 2, false, 2", "37, 1120, 3, false, 2", "37, 1120, 6, false, 2",
            "64, 512, 1, false, 2", "64, 512, 5, false, 2", "19, 96, 1, false, 2", "19, 96, 4, false, 2", "8, 2048, 1, false, 2",
            "37, 1120, 1, true, 2", "37, 1120, 2, true, 2", "37, 1120, 3, true, 2", "37, 1120, 6, true, 2", "64, 512, 1, true, 2",
            "64, 512, 5, true, 2", "19, 96, 1, true, 2", "19, 96, 4, true, 2", "8, 2048, 1, true, 2", "8, 2048, 9, true, 2",
            // panels (GroupPanelLayout): several whole ones, a narrower last one, blocks of four rows cut by
            // the threads' ranges and a last block of fewer rows, on one and two threads
            "13, 8288, 1, false, 1", "13, 8288, 1, false, 2", "21, 2560, 1, false, 1", "21, 2560, 2, false, 2",
            "38, 1568, 1, false, 2", "38, 1568, 3, false, 1", "64, 1536, 1, false, 2", "64, 1536, 1, false, 1",
            "7, 2560, 5, false, 2", "13, 8288, 1, true, 2", "38, 1568, 2, true, 1", "21, 2560, 5, true, 2"})
    void multiplyEqualsTheScalarReference(int rows, int cols, int tokens, boolean int8Activations, int threads) {
        SplittableRandom random = new SplittableRandom(rows * 31L + cols);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() * 0.05f;
        }
        float[] x = new float[tokens * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * (1 + 3 * random.nextDouble()));
        }
        GgufFile file = GgufFile.read(ByteBuffer.wrap(new GgufWriter().addTensor("w", GgmlType.Q4_0,
                new long[] {cols, rows}, w).toByteArray()), "test");
        GgufTensorInfo info = file.requireTensor("w");
        float[] reference = decodeBlocks(file.tensorData(info).order(ByteOrder.LITTLE_ENDIAN), rows, cols);
        WeightMatrix m = Q4Matrix.load(new WeightMatrix.RowReader(file, info, rows, cols), int8Activations);

        MatrixChecks.rowsEqual(m, reference, rows, cols);

        float[] xq = int8Activations ? quantizeActivations(x) : x;
        MatrixChecks.multiplyMatches(m, reference, x, xq, tokens, rows, cols, threads);
    }

    private static float[] decodeBlocks(ByteBuffer b, int rows, int cols) {
        float[] w = new float[rows * cols];
        for (int blk = 0; blk < rows * cols / 32; blk++) {
            float d = Float.float16ToFloat(b.getShort(blk * 18));
            for (int j = 0; j < 16; j++) {
                int v = b.get(blk * 18 + 2 + j) & 0xFF;
                w[blk * 32 + j] = d * ((v & 15) - 8);
                w[blk * 32 + 16 + j] = d * ((v >> 4) - 8);
            }
        }
        return w;
    }

    /** Each block of 32: d = max|x| / 127, q = round-half-even(x · (1/d)), value q · d. */
    private static float[] quantizeActivations(float[] x) {
        float[] out = new float[x.length];
        for (int o = 0; o < x.length; o += 32) {
            float max = 0;
            for (int j = 0; j < 32; j++) {
                max = Math.max(max, Math.abs(x[o + j]));
            }
            float d = max / 127;
            float id = d == 0 ? 0 : 1 / d;
            for (int j = 0; j < 32; j++) {
                out[o + j] = (float) Math.rint(x[o + j] * id) * d;
            }
        }
        return out;
    }
}
