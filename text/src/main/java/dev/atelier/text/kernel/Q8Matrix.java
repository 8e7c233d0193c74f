package dev.atelier.text.kernel;

import dev.atelier.text.tensor.GgmlType;
import java.nio.ByteBuffer;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q8_0 weights (blocks of 32 signed bytes with an fp16 scale), repacked into one array of quants
 * and one of scales so that the kernel reads both with plain aligned loads; 34 bytes per 32
 * weights, as in the file.
 */
final class Q8Matrix extends WeightMatrix {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final VectorSpecies<Byte> B = Simd.B;
    private static final VectorSpecies<Integer> I = Simd.I;
    private static final int L = Simd.LANES;
    private static final int BLOCK = 32;

    private final byte[] q;
    private final short[] d;

    private Q8Matrix(int rows, int cols, byte[] q, short[] d) {
        super(rows, cols);
        this.q = q;
        this.d = d;
    }

    static Q8Matrix load(RowReader in) {
        byte[] q = new byte[in.rows * in.cols];
        short[] d = new short[q.length / BLOCK];
        for (int r = 0; r < in.rows; r += in.rowsPerSlab()) {
            int n = Math.min(in.rowsPerSlab(), in.rows - r);
            ByteBuffer b = in.slab(r, n);
            int blocks = n * in.cols / BLOCK;
            int first = r * in.cols / BLOCK;
            for (int i = 0; i < blocks; i++) {
                d[first + i] = b.getShort(i * 34);
                b.get(i * 34 + 2, q, (first + i) * BLOCK, BLOCK);
            }
        }
        return new Q8Matrix(in.rows, in.cols, q, d);
    }

    @Override
    public GgmlType sourceType() {
        return GgmlType.Q8_0;
    }

    @Override
    public long bytes() {
        return q.length + 2L * d.length;
    }

    @Override
    public void row(int r, float[] dst, int offset) {
        for (int c = 0, at = r * cols; c < cols; c++) {
            dst[offset + c] = Float.float16ToFloat(d[(at + c) / BLOCK]) * q[at + c];
        }
    }

    @Override
    void dequantizeRows(int from, int to, float[] dst) {
        final int nb = cols / BLOCK;
        for (int r = from; r < to; r++) {
            final int o = (r - from) * cols;
            final int qr = r * cols;
            for (int b = 0; b < nb; b++) {
                FloatVector s = FloatVector.broadcast(S, Float.float16ToFloat(d[r * nb + b]));
                for (int jj = 0; jj < BLOCK; jj += L) {
                    ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qr + b * BLOCK + jj).convertShape(VectorOperators.B2I, I, 0))
                            .convert(VectorOperators.I2F, 0)).mul(s).intoArray(dst, o + b * BLOCK + jj);
                }
            }
        }
    }

    // Decode (and batches under four tokens); larger batches go through float slabs (WeightMatrix.multiply).
    @Override
    void multiplyRows(float[] x, Object aux, int tokens, float[] out, int from, int to) {
        rowsTokens(x, 0, tokens, out, from, to);
    }

    private void rowsTokens(float[] x, int tFrom, int tTo, float[] out, int from, int to) {
        final int n = cols;
        final int nb = n / BLOCK;
        for (int r = from; r < to; r++) {
            final int qr = r * n;
            final int dr = r * nb;
            int t = tFrom;
            for (; t + 4 <= tTo; t += 4) {
                final int x0 = t * n;
                final int x1 = x0 + n;
                final int x2 = x1 + n;
                final int x3 = x2 + n;
                FloatVector a0 = FloatVector.zero(S);
                FloatVector a1 = FloatVector.zero(S);
                FloatVector a2 = FloatVector.zero(S);
                FloatVector a3 = FloatVector.zero(S);
                for (int b = 0; b < nb; b++) {
                    final int o = b * BLOCK;
                    FloatVector w = (FloatVector) ((IntVector) ByteVector.fromArray(B, q, qr + o).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0);
                    FloatVector p0 = w.mul(FloatVector.fromArray(S, x, x0 + o));
                    FloatVector p1 = w.mul(FloatVector.fromArray(S, x, x1 + o));
                    FloatVector p2 = w.mul(FloatVector.fromArray(S, x, x2 + o));
                    FloatVector p3 = w.mul(FloatVector.fromArray(S, x, x3 + o));
                    for (int j = L; j < BLOCK; j += L) {
                        w = (FloatVector) ((IntVector) ByteVector.fromArray(B, q, qr + o + j).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0);
                        p0 = w.fma(FloatVector.fromArray(S, x, x0 + o + j), p0);
                        p1 = w.fma(FloatVector.fromArray(S, x, x1 + o + j), p1);
                        p2 = w.fma(FloatVector.fromArray(S, x, x2 + o + j), p2);
                        p3 = w.fma(FloatVector.fromArray(S, x, x3 + o + j), p3);
                    }
                    FloatVector s = FloatVector.broadcast(S, Float.float16ToFloat(d[dr + b]));
                    a0 = p0.fma(s, a0);
                    a1 = p1.fma(s, a1);
                    a2 = p2.fma(s, a2);
                    a3 = p3.fma(s, a3);
                }
                out[t * rows + r] = a0.reduceLanes(VectorOperators.ADD);
                out[(t + 1) * rows + r] = a1.reduceLanes(VectorOperators.ADD);
                out[(t + 2) * rows + r] = a2.reduceLanes(VectorOperators.ADD);
                out[(t + 3) * rows + r] = a3.reduceLanes(VectorOperators.ADD);
            }
            for (; t < tTo; t++) {
                final int xt = t * n;
                FloatVector a0 = FloatVector.zero(S);
                FloatVector a1 = FloatVector.zero(S);
                int b = 0;
                for (; b + 2 <= nb; b += 2) {
                    final int o = b * BLOCK;
                    FloatVector p0 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qr + o).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0))
                            .mul(FloatVector.fromArray(S, x, xt + o));
                    FloatVector p1 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qr + o + BLOCK).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0))
                            .mul(FloatVector.fromArray(S, x, xt + o + BLOCK));
                    for (int j = L; j < BLOCK; j += L) {
                        p0 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qr + o + j).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0))
                                .fma(FloatVector.fromArray(S, x, xt + o + j), p0);
                        p1 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qr + o + BLOCK + j).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0))
                                .fma(FloatVector.fromArray(S, x, xt + o + BLOCK + j), p1);
                    }
                    a0 = p0.fma(FloatVector.broadcast(S, Float.float16ToFloat(d[dr + b])), a0);
                    a1 = p1.fma(FloatVector.broadcast(S, Float.float16ToFloat(d[dr + b + 1])), a1);
                }
                for (; b < nb; b++) {
                    final int o = b * BLOCK;
                    FloatVector p0 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qr + o).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0))
                            .mul(FloatVector.fromArray(S, x, xt + o));
                    for (int j = L; j < BLOCK; j += L) {
                        p0 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qr + o + j).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0))
                                .fma(FloatVector.fromArray(S, x, xt + o + j), p0);
                    }
                    a0 = p0.fma(FloatVector.broadcast(S, Float.float16ToFloat(d[dr + b])), a0);
                }
                out[t * rows + r] = a0.add(a1).reduceLanes(VectorOperators.ADD);
            }
        }
    }
}
