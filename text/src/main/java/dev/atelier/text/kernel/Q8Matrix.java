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

    private static final int ROW_SLAB = 64;

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
    void multiplyRows(float[] x, float[] aux, int tokens, float[] out, int from, int to) {
        // Cache blocking: a slab of rows stays in L2 while every group of four tokens passes over it.
        for (int r0 = from; r0 < to; r0 += ROW_SLAB) {
            int r1 = Math.min(to, r0 + ROW_SLAB);
            int t = 0;
            for (; t + 4 <= tokens; t += 4) {
                int r = r0;
                for (; r + 4 <= r1; r += 4) {
                    tile4x4(x, t, out, r);
                }
                if (r < r1) {
                    rowsTokens(x, t, t + 4, out, r, r1);
                }
            }
            if (t < tokens) {
                rowsTokens(x, t, tokens, out, r0, r1);
            }
        }
    }

    // Four rows × four tokens: each weight vector is widened once for four tokens, each activation
    // vector loaded once for four rows.
    private void tile4x4(float[] x, int t, float[] out, int r) {
        final int n = cols;
        final int x0 = (t + 0) * n;
        final int x1 = (t + 1) * n;
        final int x2 = (t + 2) * n;
        final int x3 = (t + 3) * n;
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = FloatVector.zero(S);
        FloatVector a02 = FloatVector.zero(S);
        FloatVector a03 = FloatVector.zero(S);
        FloatVector a10 = FloatVector.zero(S);
        FloatVector a11 = FloatVector.zero(S);
        FloatVector a12 = FloatVector.zero(S);
        FloatVector a13 = FloatVector.zero(S);
        FloatVector a20 = FloatVector.zero(S);
        FloatVector a21 = FloatVector.zero(S);
        FloatVector a22 = FloatVector.zero(S);
        FloatVector a23 = FloatVector.zero(S);
        FloatVector a30 = FloatVector.zero(S);
        FloatVector a31 = FloatVector.zero(S);
        FloatVector a32 = FloatVector.zero(S);
        FloatVector a33 = FloatVector.zero(S);
        final int nb = n / BLOCK;
        final int q0 = (r + 0) * n;
        final int q1 = (r + 1) * n;
        final int q2 = (r + 2) * n;
        final int q3 = (r + 3) * n;
        final int d0 = (r + 0) * nb;
        final int d1 = (r + 1) * nb;
        final int d2 = (r + 2) * nb;
        final int d3 = (r + 3) * nb;
        for (int b = 0; b < nb; b++) {
            final float s0 = Float.float16ToFloat(d[d0 + b]);
            final float s1 = Float.float16ToFloat(d[d1 + b]);
            final float s2 = Float.float16ToFloat(d[d2 + b]);
            final float s3 = Float.float16ToFloat(d[d3 + b]);
            for (int jj = 0; jj < BLOCK; jj += L) {
                final int j = b * BLOCK + jj;
                FloatVector w0 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, q0 + j).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0)).mul(s0);
                FloatVector w1 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, q1 + j).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0)).mul(s1);
                FloatVector w2 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, q2 + j).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0)).mul(s2);
                FloatVector w3 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, q3 + j).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0)).mul(s3);
                FloatVector v0 = FloatVector.fromArray(S, x, x0 + j);
                FloatVector v1 = FloatVector.fromArray(S, x, x1 + j);
                FloatVector v2 = FloatVector.fromArray(S, x, x2 + j);
                FloatVector v3 = FloatVector.fromArray(S, x, x3 + j);
                a00 = w0.fma(v0, a00);
                a01 = w0.fma(v1, a01);
                a02 = w0.fma(v2, a02);
                a03 = w0.fma(v3, a03);
                a10 = w1.fma(v0, a10);
                a11 = w1.fma(v1, a11);
                a12 = w1.fma(v2, a12);
                a13 = w1.fma(v3, a13);
                a20 = w2.fma(v0, a20);
                a21 = w2.fma(v1, a21);
                a22 = w2.fma(v2, a22);
                a23 = w2.fma(v3, a23);
                a30 = w3.fma(v0, a30);
                a31 = w3.fma(v1, a31);
                a32 = w3.fma(v2, a32);
                a33 = w3.fma(v3, a33);
            }
        }
        out[(t + 0) * rows + r + 0] = a00.reduceLanes(VectorOperators.ADD);
        out[(t + 1) * rows + r + 0] = a01.reduceLanes(VectorOperators.ADD);
        out[(t + 2) * rows + r + 0] = a02.reduceLanes(VectorOperators.ADD);
        out[(t + 3) * rows + r + 0] = a03.reduceLanes(VectorOperators.ADD);
        out[(t + 0) * rows + r + 1] = a10.reduceLanes(VectorOperators.ADD);
        out[(t + 1) * rows + r + 1] = a11.reduceLanes(VectorOperators.ADD);
        out[(t + 2) * rows + r + 1] = a12.reduceLanes(VectorOperators.ADD);
        out[(t + 3) * rows + r + 1] = a13.reduceLanes(VectorOperators.ADD);
        out[(t + 0) * rows + r + 2] = a20.reduceLanes(VectorOperators.ADD);
        out[(t + 1) * rows + r + 2] = a21.reduceLanes(VectorOperators.ADD);
        out[(t + 2) * rows + r + 2] = a22.reduceLanes(VectorOperators.ADD);
        out[(t + 3) * rows + r + 2] = a23.reduceLanes(VectorOperators.ADD);
        out[(t + 0) * rows + r + 3] = a30.reduceLanes(VectorOperators.ADD);
        out[(t + 1) * rows + r + 3] = a31.reduceLanes(VectorOperators.ADD);
        out[(t + 2) * rows + r + 3] = a32.reduceLanes(VectorOperators.ADD);
        out[(t + 3) * rows + r + 3] = a33.reduceLanes(VectorOperators.ADD);
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
