package dev.atelier.text.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** The end of a four-row panel kernel (F16, BF16, Q8_0, Q4_0): each row's lanes summed into its output. */
final class FourRows {
    private FourRows() {
    }

    /**
     * Adds the lane sums of {@code a0..a3} to {@code out[o..o + 3]}, or stores them there for the
     * {@code first} panel of a row.
     */
    static void store(float[] out, int o, boolean first, FloatVector a0, FloatVector a1, FloatVector a2,
            FloatVector a3) {
        float s0 = a0.reduceLanes(VectorOperators.ADD);
        float s1 = a1.reduceLanes(VectorOperators.ADD);
        float s2 = a2.reduceLanes(VectorOperators.ADD);
        float s3 = a3.reduceLanes(VectorOperators.ADD);
        out[o] = first ? s0 : out[o] + s0;
        out[o + 1] = first ? s1 : out[o + 1] + s1;
        out[o + 2] = first ? s2 : out[o + 2] + s2;
        out[o + 3] = first ? s3 : out[o + 3] + s3;
    }
}
