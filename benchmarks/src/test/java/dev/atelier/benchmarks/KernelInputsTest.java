package dev.atelier.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.text.kernel.Parallel;
import dev.atelier.text.kernel.WeightMatrix;
import dev.atelier.text.tensor.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Smoke test of the benchmarks' inputs (the benchmarks themselves never run in {@code mvn verify}):
 * each type's random matrix loads as that type with the requested shape and finite, non-zero
 * weights, the seeds make it reproducible, and one decode product through the kernel is finite.
 */
class KernelInputsTest {

    @ParameterizedTest
    @ValueSource(strings = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    void eachTypeBuildsAValidReproducibleMatrix(String name) {
        GgmlType type = GgmlType.valueOf(name);
        int rows = 48;
        int cols = 512;
        WeightMatrix m = KernelInputs.matrix(type, rows, cols, 42);
        assertEquals(type, m.sourceType());
        assertEquals(rows, m.rows());
        assertEquals(cols, m.cols());
        assertTrue(m.bytes() > 0);

        float[] row = new float[cols];
        double sumSquares = 0;
        for (int r = 0; r < rows; r++) {
            m.row(r, row, 0);
            for (float v : row) {
                assertTrue(Float.isFinite(v), () -> name + " weight is not finite");
                sumSquares += v * v;
            }
        }
        assertTrue(sumSquares > 0, name + " weights are all zero");

        float[] again = new float[cols];
        KernelInputs.matrix(type, rows, cols, 42).row(rows - 1, again, 0);
        m.row(rows - 1, row, 0);
        assertArrayEquals(row, again, name + " is not reproducible from its seed");

        float[] out = new float[rows];
        try (Parallel parallel = new Parallel(1)) {
            m.multiply(KernelInputs.activations(1, cols, 7), 1, out, parallel);
        }
        for (float v : out) {
            assertTrue(Float.isFinite(v), () -> name + " product is not finite");
        }
    }

    @Test
    void aWorkingSetHoldsSeparateCopiesOfTheSameMatrix() {
        WeightMatrix[] copies = KernelInputs.matrices(GgmlType.Q8_0, 64, 2048, 42, 1);
        long each = copies[0].bytes();
        assertEquals(Math.ceilDiv(1L << 20, each), copies.length);
        float[] first = new float[2048];
        float[] other = new float[2048];
        copies[0].row(63, first, 0);
        for (int i = 0; i < copies.length; i++) {
            for (int j = 0; j < i; j++) {
                assertNotSame(copies[j], copies[i]);
            }
            copies[i].row(63, other, 0);
            assertArrayEquals(first, other);
        }
        assertEquals(1, KernelInputs.matrices(GgmlType.Q8_0, 64, 2048, 42, 0).length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8192x2048", "2048x8192"})
    void shapesParseAsRowsByColumns(String shape) {
        int[] rc = KernelInputs.shape(shape);
        assertEquals(shape, rc[0] + "x" + rc[1]);
    }
}
