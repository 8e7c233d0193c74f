package dev.atelier.text.kernel;

import dev.atelier.text.tensor.Dequantize;
import dev.atelier.text.tensor.GgmlType;
import java.nio.ByteBuffer;

/** F32 weights (or weights of a type without its own kernel, widened): one float array, rows after each other. */
final class F32Matrix extends WeightMatrix {


    private final float[] w;
    private final GgmlType source;

    private F32Matrix(int rows, int cols, float[] w, GgmlType source) {
        super(rows, cols);
        this.w = w;
        this.source = source;
    }

    static F32Matrix load(RowReader in) {
        float[] w = new float[in.rows * in.cols];
        for (int r = 0; r < in.rows; r += in.rowsPerSlab()) {
            int n = Math.min(in.rowsPerSlab(), in.rows - r);
            ByteBuffer b = in.slab(r, n);
            b.asFloatBuffer().get(w, r * in.cols, n * in.cols);
        }
        return new F32Matrix(in.rows, in.cols, w, GgmlType.F32);
    }

    /** Any dequantizable type, decoded to floats once (for types without a kernel of their own). */
    static F32Matrix dequantized(RowReader in) {
        float[] w = new float[in.rows * in.cols];
        for (int r = 0; r < in.rows; r += in.rowsPerSlab()) {
            int n = Math.min(in.rowsPerSlab(), in.rows - r);
            Dequantize.toFloat(in.tensor.type(), in.slab(r, n), w, r * in.cols, n * in.cols);
        }
        return new F32Matrix(in.rows, in.cols, w, in.tensor.type());
    }

    @Override
    public GgmlType sourceType() {
        return source;
    }

    @Override
    public long bytes() {
        return 4L * w.length;
    }

    @Override
    public void row(int r, float[] dst, int offset) {
        System.arraycopy(w, r * cols, dst, offset, cols);
    }

    @Override
    void multiplyRows(float[] x, Object aux, int tokens, float[] out, int from, int to) {
        F32Tiles.multiply(w, 0, cols, x, tokens, out, rows, from, to);
    }
}
