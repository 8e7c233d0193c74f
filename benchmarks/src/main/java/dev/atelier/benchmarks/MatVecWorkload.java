package dev.atelier.benchmarks;

import dev.atelier.text.kernel.Parallel;
import dev.atelier.text.kernel.WeightMatrix;
import dev.atelier.text.tensor.GgmlType;

/**
 * One decode step's matrix-vector work, as the decode benchmarks run it: a working set of copies
 * of one matrix ({@link KernelInputs#matrices}) multiplied in turn by one token's activations,
 * with the engine's {@link Parallel} hand-off.
 */
final class MatVecWorkload implements AutoCloseable {
    private final WeightMatrix[] matrices;
    private final float[] x;
    private final float[] out;
    private final Parallel parallel;
    private int next;

    MatVecWorkload(GgmlType type, String shape, int threads, int workingSetMB) {
        int[] rc = KernelInputs.shape(shape);
        matrices = KernelInputs.matrices(type, rc[0], rc[1], 42, workingSetMB);
        x = KernelInputs.activations(1, rc[1], 7);
        out = new float[rc[0]];
        parallel = new Parallel(threads);
    }

    /** Multiplies the next matrix of the working set and counts its weight bytes in {@code read}. */
    float[] multiplyNext(WeightBytes read) {
        WeightMatrix m = matrices[next];
        next = next + 1 == matrices.length ? 0 : next + 1;
        m.multiply(x, 1, out, parallel);
        read.weightGBps += m.bytes() * 1e-9;
        return out;
    }

    @Override
    public void close() {
        parallel.close();
    }
}
