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
 * Decode: one token through a Llama-3.2-1B projection ({@code WeightMatrix.multiply} with one
 * token, the call the engine makes per matrix per generated token), on the caller's thread alone
 * and with the engine's {@link Parallel} hand-off. The secondary result {@code weightGBps} is the
 * rate at which the kernel reads the weight bytes ({@link WeightMatrix#bytes}), to compare with the
 * machine's memory bandwidth (decode is bandwidth-bound).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class MatVecBenchmark {

    @State(Scope.Benchmark)
    public static class Kernel {
        @Param({"F32", "F16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
        public String type;

        /** rows × cols: FFN up/gate (8192x2048) and down (2048x8192). */
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
            matrices = KernelInputs.matrices(GgmlType.valueOf(type), rc[0], rc[1], 42, workingSetMB);
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
    public float[] multiply(Kernel k, WeightBytes read) {
        WeightMatrix m = k.matrix();
        m.multiply(k.x, 1, k.out, k.parallel);
        read.weightGBps += m.bytes() * 1e-9;
        return k.out;
    }
}
