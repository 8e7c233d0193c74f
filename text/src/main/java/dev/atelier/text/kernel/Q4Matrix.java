package dev.atelier.text.kernel;

import dev.atelier.text.tensor.GgmlType;
import java.nio.ByteBuffer;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q4_0 weights (blocks of 32: an fp16 scale and 16 bytes whose low nibbles are weights 0..15 and
 * high nibbles 16..31, each offset by 8), repacked into an array of nibble bytes and one of float
 * scales (20 bytes per 32 weights; the file has 18). Each nibble is stored XOR 8, which makes it
 * the 4-bit two's complement of the weight (n − 8): the kernel gets signed values with two shifts
 * instead of mask, shift, mask and subtract, and a float scale broadcasts from memory. Decoding
 * Q4_0 is compute-bound, so these operations saved matter more than the 11% more bytes.
 */
final class Q4Matrix extends WeightMatrix {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final VectorSpecies<Byte> B = Simd.B;
    private static final VectorSpecies<Integer> I = Simd.I;
    private static final int L = Simd.LANES;
    private static final int BLOCK = 32;
    private static final int HALF = 16;

    private static final int ROW_SLAB = 64;

    private final byte[] q;
    private final float[] d;

    private Q4Matrix(int rows, int cols, byte[] q, float[] d) {
        super(rows, cols);
        this.q = q;
        this.d = d;
    }

    static Q4Matrix load(RowReader in) {
        byte[] q = new byte[in.rows * in.cols / 2];
        float[] d = new float[in.rows * in.cols / BLOCK];
        for (int r = 0; r < in.rows; r += in.rowsPerSlab()) {
            int n = Math.min(in.rowsPerSlab(), in.rows - r);
            ByteBuffer b = in.slab(r, n);
            int blocks = n * in.cols / BLOCK;
            int first = r * in.cols / BLOCK;
            for (int i = 0; i < blocks; i++) {
                d[first + i] = Float.float16ToFloat(b.getShort(i * 18));
                b.get(i * 18 + 2, q, (first + i) * HALF, HALF);
                for (int j = (first + i) * HALF; j < (first + i + 1) * HALF; j++) {
                    q[j] ^= (byte) 0x88;
                }
            }
        }
        return new Q4Matrix(in.rows, in.cols, q, d);
    }

    @Override
    public GgmlType sourceType() {
        return GgmlType.Q4_0;
    }

    @Override
    public long bytes() {
        return q.length + 4L * d.length;
    }

    @Override
    public void row(int r, float[] dst, int offset) {
        int nb = cols / BLOCK;
        for (int b = 0; b < nb; b++) {
            int blk = r * nb + b;
            float s = d[blk];
            for (int j = 0; j < HALF; j++) {
                int v = (q[blk * HALF + j] ^ 0x88) & 0xFF;
                dst[offset + b * BLOCK + j] = s * ((v & 15) - 8);
                dst[offset + b * BLOCK + HALF + j] = s * ((v >> 4) - 8);
            }
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
        final int q0 = (r + 0) * n / 2;
        final int q1 = (r + 1) * n / 2;
        final int q2 = (r + 2) * n / 2;
        final int q3 = (r + 3) * n / 2;
        final int d0 = (r + 0) * nb;
        final int d1 = (r + 1) * nb;
        final int d2 = (r + 2) * nb;
        final int d3 = (r + 3) * nb;
        for (int b = 0; b < nb; b++) {
            final float s0 = d[d0 + b];
            final float s1 = d[d1 + b];
            final float s2 = d[d2 + b];
            final float s3 = d[d3 + b];
            for (int j = 0; j < HALF; j += L) {
                IntVector q0v = (IntVector) ByteVector.fromArray(B, q, q0 + b * HALF + j).convertShape(VectorOperators.B2I, I, 0);
                IntVector q1v = (IntVector) ByteVector.fromArray(B, q, q1 + b * HALF + j).convertShape(VectorOperators.B2I, I, 0);
                IntVector q2v = (IntVector) ByteVector.fromArray(B, q, q2 + b * HALF + j).convertShape(VectorOperators.B2I, I, 0);
                IntVector q3v = (IntVector) ByteVector.fromArray(B, q, q3 + b * HALF + j).convertShape(VectorOperators.B2I, I, 0);
                {
                FloatVector w0 = ((FloatVector) q0v.lanewise(VectorOperators.LSHL, 28).lanewise(VectorOperators.ASHR, 28).convert(VectorOperators.I2F, 0)).mul(s0);
                FloatVector w1 = ((FloatVector) q1v.lanewise(VectorOperators.LSHL, 28).lanewise(VectorOperators.ASHR, 28).convert(VectorOperators.I2F, 0)).mul(s1);
                FloatVector w2 = ((FloatVector) q2v.lanewise(VectorOperators.LSHL, 28).lanewise(VectorOperators.ASHR, 28).convert(VectorOperators.I2F, 0)).mul(s2);
                FloatVector w3 = ((FloatVector) q3v.lanewise(VectorOperators.LSHL, 28).lanewise(VectorOperators.ASHR, 28).convert(VectorOperators.I2F, 0)).mul(s3);
                FloatVector v0 = FloatVector.fromArray(S, x, x0 + b * BLOCK + j);
                FloatVector v1 = FloatVector.fromArray(S, x, x1 + b * BLOCK + j);
                FloatVector v2 = FloatVector.fromArray(S, x, x2 + b * BLOCK + j);
                FloatVector v3 = FloatVector.fromArray(S, x, x3 + b * BLOCK + j);
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
                {
                FloatVector w0 = ((FloatVector) q0v.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0)).mul(s0);
                FloatVector w1 = ((FloatVector) q1v.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0)).mul(s1);
                FloatVector w2 = ((FloatVector) q2v.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0)).mul(s2);
                FloatVector w3 = ((FloatVector) q3v.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0)).mul(s3);
                FloatVector v0 = FloatVector.fromArray(S, x, x0 + b * BLOCK + HALF + j);
                FloatVector v1 = FloatVector.fromArray(S, x, x1 + b * BLOCK + HALF + j);
                FloatVector v2 = FloatVector.fromArray(S, x, x2 + b * BLOCK + HALF + j);
                FloatVector v3 = FloatVector.fromArray(S, x, x3 + b * BLOCK + HALF + j);
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
            final int qr = r * n / 2;
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
                    FloatVector p0 = FloatVector.zero(S);
                    FloatVector p1 = FloatVector.zero(S);
                    FloatVector p2 = FloatVector.zero(S);
                    FloatVector p3 = FloatVector.zero(S);
                    for (int j = 0; j < HALF; j += L) {
                        IntVector bytes = (IntVector) ByteVector.fromArray(B, q, qr + b * HALF + j).convertShape(VectorOperators.B2I, I, 0);
                        FloatVector lo = (FloatVector) bytes.lanewise(VectorOperators.LSHL, 28).lanewise(VectorOperators.ASHR, 28).convert(VectorOperators.I2F, 0);
                        FloatVector hi = (FloatVector) bytes.lanewise(VectorOperators.ASHR, 4)
                                .convert(VectorOperators.I2F, 0);
                        p0 = hi.fma(FloatVector.fromArray(S, x, x0 + o + HALF + j), lo.fma(FloatVector.fromArray(S, x, x0 + o + j), p0));
                        p1 = hi.fma(FloatVector.fromArray(S, x, x1 + o + HALF + j), lo.fma(FloatVector.fromArray(S, x, x1 + o + j), p1));
                        p2 = hi.fma(FloatVector.fromArray(S, x, x2 + o + HALF + j), lo.fma(FloatVector.fromArray(S, x, x2 + o + j), p2));
                        p3 = hi.fma(FloatVector.fromArray(S, x, x3 + o + HALF + j), lo.fma(FloatVector.fromArray(S, x, x3 + o + j), p3));
                    }
                    FloatVector s = FloatVector.broadcast(S, d[dr + b]);
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
                for (int b = 0; b < nb; b++) {
                    final int o = xt + b * BLOCK;
                    FloatVector p = FloatVector.zero(S);
                    for (int j = 0; j < HALF; j += L) {
                        IntVector bytes = (IntVector) ByteVector.fromArray(B, q, qr + b * HALF + j).convertShape(VectorOperators.B2I, I, 0);
                        FloatVector lo = (FloatVector) bytes.lanewise(VectorOperators.LSHL, 28).lanewise(VectorOperators.ASHR, 28).convert(VectorOperators.I2F, 0);
                        FloatVector hi = (FloatVector) bytes.lanewise(VectorOperators.ASHR, 4)
                                .convert(VectorOperators.I2F, 0);
                        p = hi.fma(FloatVector.fromArray(S, x, o + HALF + j), lo.fma(FloatVector.fromArray(S, x, o + j), p));
                    }
                    if ((b & 1) == 0) {
                        a0 = p.fma(FloatVector.broadcast(S, d[dr + b]), a0);
                    } else {
                        a1 = p.fma(FloatVector.broadcast(S, d[dr + b]), a1);
                    }
                }
                out[t * rows + r] = a0.add(a1).reduceLanes(VectorOperators.ADD);
            }
        }
    }
}
