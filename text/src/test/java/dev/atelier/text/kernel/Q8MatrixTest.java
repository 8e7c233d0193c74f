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
 * The Q8_0 kernels against a scalar reference written from the published block layout (fp16 d,
 * then 32 signed bytes; w = d·q), on raw blocks with random bytes and scales that include fp16
 * subnormals, an infinity and a NaN (whose rows must come out non-finite). Column counts cover
 * whole kernel groups, groups plus a tail, and a tail only, and one or several panels (the last
 * one narrower); row counts not divisible by the four-row blocks; token counts cover decode, the
 * row path for small batches and the float slabs of prefill; one and two threads.
 */
class Q8MatrixTest {

    @ParameterizedTest(name = "{0}×{1}, {2} tokens, {3} threads")
    @CsvSource({"37, 1120, 1, 2", "37, 1120, 2, 2", "37, 1120, 3, 2", "37, 1120, 6, 2", "64, 512, 1, 2", "64, 512, 5, 2",
            "19, 96, 1, 2", "19, 96, 4, 2", "8, 2048, 1, 2", "8, 2048, 9, 2",
            // panels (GroupPanelLayout): several whole ones, a narrower last one, blocks of four rows cut by
            // the threads' ranges and a last block of fewer rows, on one and two threads
            "13, 8288, 1, 1", "13, 8288, 1, 2", "21, 2560, 1, 1", "21, 2560, 2, 2", "38, 1568, 1, 2",
            "38, 1568, 3, 1", "64, 1536, 1, 2", "64, 1536, 1, 1", "7, 2560, 5, 2"})
    void multiplyEqualsTheScalarReference(int rows, int cols, int tokens, int threads) {
        SplittableRandom random = new SplittableRandom(rows * 17L + cols);
        int blocks = rows * cols / 32;
        ByteBuffer raw = ByteBuffer.allocate(blocks * 34).order(ByteOrder.LITTLE_ENDIAN);
        float[] reference = new float[rows * cols];
        for (int b = 0; b < blocks; b++) {
            short d = Float.floatToFloat16((float) (random.nextDouble(0.001, 0.01)));
            if (b % 7 == 3) {
                d = (short) random.nextInt(1, 0x400); // subnormal
            }
            if (b == blocks / 2 && rows > 2) {
                d = 0x7c00; // +infinity, in row rows/2
            }
            if (b == blocks - 1) {
                d = 0x7e00; // NaN, in the last row
            }
            raw.putShort(b * 34, d);
            for (int j = 0; j < 32; j++) {
                byte v = (byte) random.nextInt(-127, 128);
                raw.put(b * 34 + 2 + j, v);
                reference[b * 32 + j] = Float.float16ToFloat(d) * v;
            }
        }
        float[] x = new float[tokens * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        GgufFile file = GgufFile.read(ByteBuffer.wrap(new GgufWriter().addTensor("w", GgmlType.Q8_0,
                new long[] {cols, rows}, raw.rewind()).toByteArray()), "test");
        GgufTensorInfo info = file.requireTensor("w");
        WeightMatrix m = WeightMatrix.load(file, info);

        MatrixChecks.rowsEqual(m, reference, rows, cols);

        MatrixChecks.multiplyMatches(m, reference, x, x, tokens, rows, cols, threads);
    }
}
