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
 * Prefill: a batch of 64 tokens through a Llama-3.2-1B projection in one
 * {@code WeightMatrix.multiply} call (the engine's prompt path: float slabs of dequantized rows,
 * 4×4 tiles). The secondary result {@code gflops} is 2·rows·cols·tokens per second / 1e9.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class MatMulBenchmark {

    @State(Scope.Benchmark)
    public static class Kernel {
        @Param({"Q8_0", "F16"})
        public String type;

        @Param({"8192x2048", "2048x8192"})
        public String shape;

        @Param({"1", "2"})
        public int threads;

        @Param({"64"})
        public int tokens;

        WeightMatrix matrix;
        float[] x;
        float[] out;
        Parallel parallel;

        @Setup(Level.Trial)
        public void setUp() {
            int[] rc = KernelInputs.shape(shape);
            matrix = KernelInputs.matrix(GgmlType.valueOf(type), rc[0], rc[1], 42);
            x = KernelInputs.activations(tokens, rc[1], 7);
            out = new float[tokens * rc[0]];
            parallel = new Parallel(threads);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            parallel.close();
        }
    }

    /** Billions of floating-point operations (a multiply-add counts two): reported per second (= GFLOP/s). */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Flops {
        public double gflops;

        @Setup(Level.Iteration)
        public void reset() {
            gflops = 0;
        }
    }

    @Benchmark
    public float[] multiply(Kernel k, Flops done) {
        k.matrix.multiply(k.x, k.tokens, k.out, k.parallel);
        done.gflops += 2e-9 * k.matrix.rows() * k.matrix.cols() * k.tokens;
        return k.out;
    }
}
