package dev.atelier.benchmarks;

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

        MatVecWorkload workload;

        @Setup(Level.Trial)
        public void setUp() {
            workload = new MatVecWorkload(GgmlType.Q4_0, shape, threads, workingSetMB);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            workload.close();
        }
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g",
            "-Datelier.q4.int8Activations=false"})
    public float[] floatActivations(Kernel k, WeightBytes read) {
        return k.workload.multiplyNext(read);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g",
            "-Datelier.q4.int8Activations=true"})
    public float[] int8Activations(Kernel k, WeightBytes read) {
        return k.workload.multiplyNext(read);
    }
}
