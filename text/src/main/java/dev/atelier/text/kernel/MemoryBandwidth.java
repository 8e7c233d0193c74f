package dev.atelier.text.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures the memory read bandwidth plain Java code gets on this machine: SIMD sums over an
 * array much larger than the caches, split over the same threads the kernels use. It is the
 * ceiling of a bandwidth-bound decode step (the roofline).
 */
public final class MemoryBandwidth {

    private static final VectorSpecies<Float> S = Simd.F;

    private MemoryBandwidth() {
    }

    /** Best of {@code passes} full reads of a {@code megabytes} array, in bytes per second. */
    public static double measure(Parallel parallel, int megabytes, int passes) {
        float[] data = new float[megabytes * (1 << 20) / 4];
        Arrays.fill(data, 1f);
        double[] sink = new double[parallel.threads() * 64];
        double best = 0;
        for (int p = 0; p < passes; p++) {
            long start = System.nanoTime();
            parallel.forRange(data.length / 4096, 1, (from, to) -> {
                FloatVector a0 = FloatVector.zero(S);
                FloatVector a1 = FloatVector.zero(S);
                FloatVector a2 = FloatVector.zero(S);
                FloatVector a3 = FloatVector.zero(S);
                int step = 4 * S.length();
                for (int i = from * 4096, end = to * 4096; i < end; i += step) {
                    a0 = a0.add(FloatVector.fromArray(S, data, i));
                    a1 = a1.add(FloatVector.fromArray(S, data, i + S.length()));
                    a2 = a2.add(FloatVector.fromArray(S, data, i + 2 * S.length()));
                    a3 = a3.add(FloatVector.fromArray(S, data, i + 3 * S.length()));
                }
                sink[(from % parallel.threads()) * 64] += a0.add(a1).add(a2).add(a3).reduceLanes(VectorOperators.ADD);
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, 4.0 * data.length / seconds);
        }
        if (sink[0] < 0) {
            System.out.print(""); // keeps the sums alive
        }
        return best;
    }
}
