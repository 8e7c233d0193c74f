package dev.atelier.text.kernel;

import dev.atelier.core.error.AtelierException;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufTensorInfo;
import dev.atelier.text.tensor.GgmlType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A weight matrix of {@code rows × cols} values ({@code cols} contiguous: GGUF's {@code ne[0]}),
 * repacked once at load time from the file's bytes into heap arrays laid out for its SIMD kernel
 * (the mapping is not kept: one copy of the weights). {@link #multiply} computes
 * {@code out[t][r] = Σ_c W[r][c] · x[t][c]} for a batch of token activations: one token is a
 * matrix-vector product (decode), many are a matrix-matrix product (prefill) in which each weight
 * row is read once for up to four tokens at a time.
 *
 * <p>Quantized rows are multiplied by dequantizing each block in registers and multiplying with
 * the float activations (fused dequant-dot): the result is what float arithmetic on the
 * dequantized weights gives, up to summation order. Instances are immutable and thread-safe.
 */
public abstract sealed class WeightMatrix permits F32Matrix, PanelMatrix, Q8Matrix, Q4Matrix, Q4KMatrix, Q6KMatrix {

    /** Largest element count of one matrix (kernels index with int). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 64;

    /** Batches of at least this many tokens run on float slabs (see {@link #multiply}). */
    static final int SLAB_MIN_TOKENS = 4;
    private static final int SLAB_FLOATS = 1 << 16;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    protected final int rows;
    protected final int cols;

    WeightMatrix(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
    }

    public final int rows() {
        return rows;
    }

    public final int cols() {
        return cols;
    }

    /** The ggml type the weights came from. */
    public abstract GgmlType sourceType();

    /** Bytes a full pass of the kernel reads from memory (for bandwidth figures). */
    public abstract long bytes();

    /** Row {@code r}, dequantized into {@code dst[offset..offset+cols)} (embedding lookups). */
    public abstract void row(int r, float[] dst, int offset);

    /**
     * {@code out[t·rows + r] = Σ_c W[r][c] · x[t·cols + c]} for {@code t < tokens}, rows split
     * over {@code parallel}'s threads.
     */
    public final void multiply(float[] x, int tokens, float[] out, Parallel parallel) {
        if (tokens < 1 || (long) tokens * cols > x.length || (long) tokens * rows > out.length) {
            throw AtelierException.invalidArgument("tokens", tokens + " tokens do not fit x[" + x.length + "] / out["
                    + out.length + "] for a " + rows + "×" + cols + " matrix");
        }
        if (tokens >= SLAB_MIN_TOKENS && !(this instanceof F32Matrix) && cols % Simd.LANES == 0) {
            float[] input = slabInput(x, tokens);
            parallel.forRange(rows, 16, (from, to) -> multiplyViaFloatSlabs(input, tokens, out, from, to));
            return;
        }
        Object aux = prepare(x, tokens);
        parallel.forRange(rows, 16, (from, to) -> multiplyRows(x, aux, tokens, out, from, to));
    }

    /**
     * Prefill: a slab of rows is dequantized to floats once (about 256 KB, it stays in L2) and all
     * tokens go through it with the float tiles, so the decoding cost is spread over the batch
     * instead of paid per group of tokens.
     */
    private void multiplyViaFloatSlabs(float[] x, int tokens, float[] out, int from, int to) {
        int slabRows = Math.max(4, SLAB_FLOATS / cols / 4 * 4);
        float[] scratch = SCRATCH.get();
        if (scratch.length < slabRows * cols) {
            scratch = new float[slabRows * cols];
            SCRATCH.set(scratch);
        }
        for (int r0 = from; r0 < to; r0 += slabRows) {
            int r1 = Math.min(to, r0 + slabRows);
            dequantizeRows(r0, r1, scratch);
            F32Tiles.multiply(scratch, r0, cols, x, tokens, out, rows, r0, r1);
        }
    }

    /**
     * Rows {@code [from, to)} as floats into {@code dst}, one after the other, each in the column
     * order of {@link #slabInput}; types override it with SIMD decoding.
     */
    void dequantizeRows(int from, int to, float[] dst) {
        for (int r = from; r < to; r++) {
            row(r, dst, (r - from) * cols);
        }
    }

    /**
     * The activations as the float slabs of {@link #dequantizeRows} expect them: {@code x} itself
     * unless a type stores its columns in another order or quantizes its activations.
     */
    float[] slabInput(float[] x, int tokens) {
        return x;
    }

    /** Per-call precomputation on the activations shared by all rows (e.g. block sums); may be null. */
    Object prepare(float[] x, int tokens) {
        return null;
    }

    abstract void multiplyRows(float[] x, Object prepared, int tokens, float[] out, int from, int to);

    /**
     * Loads a 2-D tensor of the file, repacked for its kernel. F32, F16, BF16, Q8_0, Q4_0, Q4_K
     * and Q6_K have their own kernels; the other types ggml can dequantize (Q4_1, Q5_0, Q5_1,
     * Q2_K, Q3_K, Q5_K: a few tensors of published "K_M" files) are widened to F32 at load,
     * which costs memory and speed but runs them. Anything else is UNAVAILABLE.
     */
    public static WeightMatrix load(GgufFile file, GgufTensorInfo t) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(t, "tensor");
        if (t.rank() > 2 && t.dim(2) * t.dim(3) != 1) {
            throw AtelierException.unavailable("tensor " + t.name() + " is not a matrix: " + t);
        }
        long cols = t.dim(0);
        long rows = t.dim(1);
        if (cols < 1 || rows < 1 || cols * rows > MAX_ELEMENTS) {
            throw AtelierException.unavailable("tensor " + t.name() + " of " + rows + "×" + cols
                    + " is outside what the kernels support (1.." + MAX_ELEMENTS + " elements)");
        }
        if (cols % t.type().blockSize() != 0) {
            throw AtelierException.unavailable("tensor " + t.name() + ": rows of " + cols + " are not whole "
                    + t.type() + " blocks");
        }
        RowReader reader = new RowReader(file, t, (int) rows, (int) cols);
        return switch (t.type()) {
            case F32 -> F32Matrix.load(reader);
            case F16 -> F16Matrix.load(reader);
            case BF16 -> Bf16Matrix.load(reader);
            case Q8_0 -> Q8Matrix.load(reader);
            case Q6_K -> Q6KMatrix.load(reader);
            case Q4_0 -> Q4Matrix.load(reader, Q4Matrix.INT8_ACTIVATIONS);
            case Q4_K -> Q4KMatrix.load(reader);
            default -> {
                if (!t.type().canDequantize()) {
                    throw AtelierException.unavailable("tensor " + t.name() + " has type " + t.type()
                            + ", which the engine does not run; supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K,"
                            + " and Q4_1, Q5_0, Q5_1, Q2_K, Q3_K, Q5_K widened to F32");
                }
                yield F32Matrix.dequantized(reader);
            }
        };
    }

    /** Hands out a tensor's bytes a slab of rows at a time (a tensor may exceed one buffer's 2 GiB). */
    static final class RowReader {
        final GgufFile file;
        final GgufTensorInfo tensor;
        final int rows;
        final int cols;
        final long rowBytes;
        private final int rowsPerSlab;

        RowReader(GgufFile file, GgufTensorInfo tensor, int rows, int cols) {
            this.file = file;
            this.tensor = tensor;
            this.rows = rows;
            this.cols = cols;
            this.rowBytes = tensor.type().byteSize(cols);
            this.rowsPerSlab = (int) Math.max(1, Math.min(rows, (1L << 28) / rowBytes));
        }

        int rowsPerSlab() {
            return rowsPerSlab;
        }

        /** Little-endian bytes of rows {@code [from, from+count)}, position 0. */
        ByteBuffer slab(int from, int count) {
            return file.tensorData(tensor, from * rowBytes, Math.toIntExact(count * rowBytes)).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
