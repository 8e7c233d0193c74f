package dev.atelier.text.kernel;

import dev.atelier.text.tensor.GgmlType;
import java.nio.ByteBuffer;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q4_0 weights (blocks of 32: an fp16 scale and 16 bytes whose low nibbles are weights 0..15 and
 * high nibbles 16..31, each offset by 8), repacked into an array of nibble bytes and one of
 * scales; 18 bytes per 32 weights, as in the file.
 */
final class Q4Matrix extends WeightMatrix {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final VectorSpecies<Byte> B = Simd.B;
    private static final int L = Simd.LANES;
    private static final int BLOCK = 32;
    private static final int HALF = 16;

    private final byte[] q;
    private final short[] d;

    private Q4Matrix(int rows, int cols, byte[] q, short[] d) {
        super(rows, cols);
        this.q = q;
        this.d = d;
    }

    static Q4Matrix load(RowReader in) {
        byte[] q = new byte[in.rows * in.cols / 2];
        short[] d = new short[in.rows * in.cols / BLOCK];
        for (int r = 0; r < in.rows; r += in.rowsPerSlab()) {
            int n = Math.min(in.rowsPerSlab(), in.rows - r);
            ByteBuffer b = in.slab(r, n);
            int blocks = n * in.cols / BLOCK;
            int first = r * in.cols / BLOCK;
            for (int i = 0; i < blocks; i++) {
                d[first + i] = b.getShort(i * 18);
                b.get(i * 18 + 2, q, (first + i) * HALF, HALF);
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
        return q.length + 2L * d.length;
    }

    @Override
    public void row(int r, float[] dst, int offset) {
        int nb = cols / BLOCK;
        for (int b = 0; b < nb; b++) {
            int blk = r * nb + b;
            float s = Float.float16ToFloat(d[blk]);
            for (int j = 0; j < HALF; j++) {
                int v = q[blk * HALF + j] & 0xFF;
                dst[offset + b * BLOCK + j] = s * ((v & 15) - 8);
                dst[offset + b * BLOCK + HALF + j] = s * ((v >> 4) - 8);
            }
        }
    }

    @Override
    void multiplyRows(float[] x, float[] aux, int tokens, float[] out, int from, int to) {
        final int n = cols;
        final int nb = n / BLOCK;
        for (int r = from; r < to; r++) {
            final int qr = r * n / 2;
            final int dr = r * nb;
            int t = 0;
            for (; t + 4 <= tokens; t += 4) {
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
                        ByteVector bytes = ByteVector.fromArray(B, q, qr + b * HALF + j);
                        FloatVector lo = (FloatVector) bytes.and((byte) 15).sub((byte) 8).convertShape(VectorOperators.B2F, S, 0);
                        FloatVector hi = (FloatVector) bytes.lanewise(VectorOperators.LSHR, 4).and((byte) 15).sub((byte) 8)
                                .convertShape(VectorOperators.B2F, S, 0);
                        p0 = hi.fma(FloatVector.fromArray(S, x, x0 + o + HALF + j), lo.fma(FloatVector.fromArray(S, x, x0 + o + j), p0));
                        p1 = hi.fma(FloatVector.fromArray(S, x, x1 + o + HALF + j), lo.fma(FloatVector.fromArray(S, x, x1 + o + j), p1));
                        p2 = hi.fma(FloatVector.fromArray(S, x, x2 + o + HALF + j), lo.fma(FloatVector.fromArray(S, x, x2 + o + j), p2));
                        p3 = hi.fma(FloatVector.fromArray(S, x, x3 + o + HALF + j), lo.fma(FloatVector.fromArray(S, x, x3 + o + j), p3));
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
            for (; t < tokens; t++) {
                final int xt = t * n;
                FloatVector a0 = FloatVector.zero(S);
                FloatVector a1 = FloatVector.zero(S);
                for (int b = 0; b < nb; b++) {
                    final int o = xt + b * BLOCK;
                    FloatVector p = FloatVector.zero(S);
                    for (int j = 0; j < HALF; j += L) {
                        ByteVector bytes = ByteVector.fromArray(B, q, qr + b * HALF + j);
                        FloatVector lo = (FloatVector) bytes.and((byte) 15).sub((byte) 8).convertShape(VectorOperators.B2F, S, 0);
                        FloatVector hi = (FloatVector) bytes.lanewise(VectorOperators.LSHR, 4).and((byte) 15).sub((byte) 8)
                                .convertShape(VectorOperators.B2F, S, 0);
                        p = hi.fma(FloatVector.fromArray(S, x, o + HALF + j), lo.fma(FloatVector.fromArray(S, x, o + j), p));
                    }
                    if ((b & 1) == 0) {
                        a0 = p.fma(FloatVector.broadcast(S, Float.float16ToFloat(d[dr + b])), a0);
                    } else {
                        a1 = p.fma(FloatVector.broadcast(S, Float.float16ToFloat(d[dr + b])), a1);
                    }
                }
                out[t * rows + r] = a0.add(a1).reduceLanes(VectorOperators.ADD);
            }
        }
    }
}
