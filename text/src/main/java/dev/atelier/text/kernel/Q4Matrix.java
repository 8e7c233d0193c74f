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
    void dequantizeRows(int from, int to, float[] dst) {
        final int nb = cols / BLOCK;
        for (int r = from; r < to; r++) {
            final int o = (r - from) * cols;
            final int qr = r * cols / 2;
            for (int b = 0; b < nb; b++) {
                final float s = d[r * nb + b];
                for (int j = 0; j < HALF; j += L) {
                    IntVector v = (IntVector) ByteVector.fromArray(B, q, qr + b * HALF + j).convertShape(VectorOperators.B2I, I, 0);
                    ((FloatVector) v.lanewise(VectorOperators.LSHL, 28).lanewise(VectorOperators.ASHR, 28).convert(VectorOperators.I2F, 0))
                            .mul(s).intoArray(dst, o + b * BLOCK + j);
                    ((FloatVector) v.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0))
                            .mul(s).intoArray(dst, o + b * BLOCK + HALF + j);
                }
            }
        }
    }

    // Decode (and batches under four tokens); larger batches go through float slabs (WeightMatrix.multiply).
    @Override
    void multiplyRows(float[] x, float[] aux, int tokens, float[] out, int from, int to) {
        rowsTokens(x, 0, tokens, out, from, to);
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
