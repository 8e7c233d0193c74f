package dev.atelier.benchmarks;

import dev.atelier.text.kernel.Parallel;
import dev.atelier.text.kernel.WeightMatrix;
import dev.atelier.text.tensor.GgmlType;
import java.util.concurrent.TimeUnit;
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
        @Param({"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
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

        MatVecWorkload workload;

        @Setup(Level.Trial)
        public void setUp() {
            workload = new MatVecWorkload(GgmlType.valueOf(type), shape, threads, workingSetMB);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            workload.close();
        }
    }

    @Benchmark
    public float[] multiply(Kernel k, WeightBytes read) {
        return k.workload.multiplyNext(read);
    }
}
