package dev.atelier.text.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the kernel tests check of a loaded matrix against a scalar reference of its weights. */
final class MatrixChecks {
    private MatrixChecks() {
    }

    /** Every row {@link WeightMatrix#row} reads back equals the reference's, exactly. */
    static void rowsEqual(WeightMatrix m, float[] reference, int rows, int cols) {
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            m.row(r, row, 0);
            for (int c = 0; c < cols; c++) {
                assertEquals(reference[r * cols + c], row[c], 0f, "weight " + r + "," + c);
            }
        }
    }

    /**
     * {@code m × x} on {@code threads} threads equals the reference weights times {@code xRef}
     * (the activations as the kernel is meant to see them) summed in double, within 1e-5 of
     * Σ|w·x|; a row whose reference sum is not finite (a non-finite scale) must come out non-finite.
     */
    static void multiplyMatches(WeightMatrix m, float[] reference, float[] x, float[] xRef, int tokens, int rows,
            int cols, int threads) {
        float[] out = new float[tokens * rows];
        try (Parallel parallel = new Parallel(threads)) {
            m.multiply(x, tokens, out, parallel);
        }
        for (int t = 0; t < tokens; t++) {
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                double magnitude = 0;
                for (int c = 0; c < cols; c++) {
                    double p = (double) reference[r * cols + c] * xRef[t * cols + c];
                    sum += p;
                    magnitude += Math.abs(p);
                }
                float got = out[t * rows + r];
                if (!Double.isFinite(sum)) {
                    assertFalse(Float.isFinite(got), "token " + t + " row " + r + " has a non-finite scale: " + got);
                    continue;
                }
                assertTrue(Math.abs(got - sum) <= 1e-5 * magnitude + 1e-30, "token " + t + " row " + r + ": " + got
                        + " vs " + sum + " (scale " + magnitude + ")");
            }
        }
    }
}
