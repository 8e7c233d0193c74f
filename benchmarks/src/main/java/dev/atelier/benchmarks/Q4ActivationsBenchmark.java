package dev.atelier.benchmarks;

import dev.atelier.text.kernel.Parallel;
import dev.atelier.text.kernel.WeightMatrix;
import dev.atelier.text.tensor.GgmlType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Q4_0 decode with float activations (the default) against 8-bit activations
 * ({@code -Datelier.q4.int8Activations=true}, see docs/TEXT-ENGINE.md). The engine reads the
 * property once when the kernel class loads, so each variant runs in its own fork with the
 * property set on its command line.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Q4ActivationsBenchmark {

    @State(Scope.Benchmark)
    public static class Kernel {
        @Param({"8192x2048", "2048x8192"})
        public String shape;

        @Param({"1", "2"})
        public int threads;

        /**
         * MB of distinct copies of the matrix multiplied in turn: 256 (8× the L3 of this project's
         * machine) reads the weights from memory as decode does; 0 multiplies one matrix, which
         * stays in the last-level cache when it fits.
         */
        @Param({"256", "0"})
        public int workingSetMB;

        WeightMatrix[] matrices;
        int next;
        float[] x;
        float[] out;
        Parallel parallel;

        @Setup(Level.Trial)
        public void setUp() {
            int[] rc = KernelInputs.shape(shape);
            matrices = KernelInputs.matrices(GgmlType.Q4_0, rc[0], rc[1], 42, workingSetMB);
            x = KernelInputs.activations(1, rc[1], 7);
            out = new float[rc[0]];
            parallel = new Parallel(threads);
        }

        /** The next matrix of the working set. */
        WeightMatrix matrix() {
            WeightMatrix m = matrices[next];
            next = next + 1 == matrices.length ? 0 : next + 1;
            return m;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            parallel.close();
        }
    }

    /** Gigabytes of weights read: an OPERATIONS counter, so JMH reports it per second (= GB/s). */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class WeightBytes {
        public double weightGBps;

        @Setup(Level.Iteration)
        public void reset() {
            weightGBps = 0;
        }
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g",
            "-Datelier.q4.int8Activations=false"})
    public float[] floatActivations(Kernel k, WeightBytes read) {
        return multiply(k, read);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g",
            "-Datelier.q4.int8Activations=true"})
    public float[] int8Activations(Kernel k, WeightBytes read) {
        return multiply(k, read);
    }

    private static float[] multiply(Kernel k, WeightBytes read) {
        WeightMatrix m = k.matrix();
        m.multiply(k.x, 1, k.out, k.parallel);
        read.weightGBps += m.bytes() * 1e-9;
        return k.out;
    }
}
