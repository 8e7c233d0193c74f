package dev.atelier.benchmarks;

import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.kernel.WeightMatrix;
import dev.atelier.text.tensor.GgmlType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * The benchmarks' inputs, built the way the engine gets its own: random weights written as a GGUF
 * tensor (quantized by the project's {@code Quantize} where it has a quantizer, raw blocks of the
 * published layout for the K-quants), then loaded through {@link WeightMatrix#load}, i.e. repacked
 * exactly as a model file's matrices are. Fixed seeds: every run multiplies the same numbers.
 */
public final class KernelInputs {

    /** A Llama-3.2-1B projection: rows × cols as {@code "8192x2048"} (FFN up/gate) or {@code "2048x8192"} (down). */
    public static int[] shape(String rowsByCols) {
        String[] p = rowsByCols.split("x");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    }

    private KernelInputs() {
    }

    /** A {@code rows × cols} matrix of {@code type}, loaded through the engine's loader. */
    public static WeightMatrix matrix(GgmlType type, int rows, int cols, long seed) {
        GgufFile file = GgufFile.read(ByteBuffer.wrap(gguf(type, rows, cols, seed).toByteArray()), "benchmark-" + type);
        return WeightMatrix.load(file, file.requireTensor("w"));
    }

    /** A GGUF file holding the random matrix as tensor {@code w}. */
    private static GgufWriter gguf(GgmlType type, int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        GgufWriter writer = new GgufWriter();
        long[] shape = {cols, rows};
        switch (type) {
            case Q4_K, Q6_K -> writer.addTensor("w", type, shape, kQuantBlocks(type, (long) rows * cols, random));
            default -> {
                float[] w = new float[Math.multiplyExact(rows, cols)];
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) random.nextGaussian() * 0.02f;
                }
                writer.addTensor("w", type, shape, w);
            }
        }
        return writer;
    }

    /**
     * Enough separate copies of one {@code rows × cols} matrix to fill {@code workingSetMB} (at
     * least one): each copy is its own load of the same file, i.e. its own repacked heap arrays.
     * Multiplying them in turn makes every product read its weights from memory, as a model's
     * matrices are in decode; one matrix multiplied again and again stays in the last-level cache
     * whenever it fits there (32 MiB on this project's machine: all the Q8_0/Q4_0 projections do).
     */
    public static WeightMatrix[] matrices(GgmlType type, int rows, int cols, long seed, int workingSetMB) {
        WeightMatrix first = matrix(type, rows, cols, seed);
        long copies = Math.max(1, Math.ceilDiv((long) workingSetMB << 20, first.bytes()));
        WeightMatrix[] all = new WeightMatrix[Math.toIntExact(copies)];
        all[0] = first;
        if (all.length > 1) {
            GgufFile file = GgufFile.read(ByteBuffer.wrap(gguf(type, rows, cols, seed).toByteArray()), "benchmark-" + type);
            for (int i = 1; i < all.length; i++) {
                all[i] = WeightMatrix.load(file, file.requireTensor("w"));
            }
        }
        return all;
    }

    /** {@code tokens × cols} activations (normal, like a normalized hidden state). */
    public static float[] activations(int tokens, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[Math.multiplyExact(tokens, cols)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /**
     * Random Q4_K / Q6_K super-blocks of 256 weights in ggml's layout: every quant and 6-/8-bit
     * scale byte pattern is valid, only the fp16 super-block scales are set to small finite values.
     * Q4_K (144 bytes): fp16 d, fp16 dmin, 12 bytes of packed scales/mins, 128 bytes of nibbles.
     * Q6_K (210 bytes): 128 bytes low nibbles, 64 bytes high bits, 16 int8 scales, fp16 d.
     */
    private static ByteBuffer kQuantBlocks(GgmlType type, long elements, SplittableRandom random) {
        byte[] bytes = new byte[Math.toIntExact(type.byteSize(elements))];
        random.nextBytes(bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int blockBytes = type.blockBytes();
        for (int at = 0; at < bytes.length; at += blockBytes) {
            short d = Float.floatToFloat16((float) (0.0005 + 0.001 * random.nextDouble()));
            if (type == GgmlType.Q4_K) {
                b.putShort(at, d);
                b.putShort(at + 2, Float.floatToFloat16((float) (0.0005 * random.nextDouble())));
            } else {
                b.putShort(at + blockBytes - 2, d);
            }
        }
        return b;
    }
}
