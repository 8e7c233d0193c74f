package dev.atelier.text.kernel;

import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.tensor.GgmlType;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * A micro-benchmark of the matrix kernels (no JMH needed): for each type, a matrix of
 * {@code rows × cols} random weights multiplied with 1 token (matrix-vector: GB/s of weights
 * read) and with a batch (matrix-matrix: GFLOP/s). Run:
 * {@code java --add-modules jdk.incubator.vector -cp … dev.atelier.text.kernel.KernelBench [threads] [rows] [cols] [batch]}.
 */
public final class KernelBench {

    private KernelBench() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 8192;
        int cols = args.length > 2 ? Integer.parseInt(args[2]) : 2048;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        SplittableRandom r = new SplittableRandom(1);
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        float[] x = new float[batch * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] out = new float[batch * rows];
        try (Parallel parallel = new Parallel(threads)) {
            for (GgmlType type : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.F16, GgmlType.F32}) {
                GgufWriter gw = new GgufWriter().addTensor("w", type, new long[] {cols, rows}, w);
                GgufFile f = GgufFile.read(ByteBuffer.wrap(gw.toByteArray()), "bench");
                WeightMatrix m = WeightMatrix.load(f, f.requireTensor("w"));
                double vec = best(() -> m.multiply(x, 1, out, parallel), 40);
                double mat = best(() -> m.multiply(x, batch, out, parallel), 6);
                System.out.printf("%-5s %d×%d, %d threads: matvec %.2f ms = %.1f GB/s; matmul ×%d %.1f ms = %.1f GFLOP/s%n",
                        type, rows, cols, threads, vec * 1e3, m.bytes() / vec / 1e9, batch, mat * 1e3,
                        2.0 * rows * cols * batch / mat / 1e9);
            }
        }
    }

    private static double best(Runnable run, int reps) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            run.run();
            best = Math.min(best, (System.nanoTime() - s) / 1e9);
        }
        return best;
    }
}
