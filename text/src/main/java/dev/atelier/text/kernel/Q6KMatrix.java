package dev.atelier.text.kernel;

import dev.atelier.text.tensor.GgmlType;
import java.nio.ByteBuffer;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q6_K weights: super-blocks of 256 in sixteen sub-blocks of 16, weight = d·sc·(q − 32) with
 * 6-bit q split over two arrays and an 8-bit signed sc per sub-block. Repacked at load into one
 * signed byte per weight in natural order (q − 32), the 16 scales and the super-block's d; the
 * kernel then reads 1.08 bytes per weight instead of the file's 0.82, in exchange for plain loads.
 */
final class Q6KMatrix extends WeightMatrix {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final VectorSpecies<Byte> B = Simd.B;
    private static final int L = Simd.LANES;
    private static final int QK = 256;
    private static final int SUB = 16;

    private final byte[] q;
    private final byte[] sc;
    private final float[] d;

    private Q6KMatrix(int rows, int cols, byte[] q, byte[] sc, float[] d) {
        super(rows, cols);
        this.q = q;
        this.sc = sc;
        this.d = d;
    }

    static Q6KMatrix load(RowReader in) {
        int blocks = in.rows * in.cols / QK;
        byte[] q = new byte[blocks * QK];
        byte[] sc = new byte[blocks * 16];
        float[] d = new float[blocks];
        for (int r = 0; r < in.rows; r += in.rowsPerSlab()) {
            int n = Math.min(in.rowsPerSlab(), in.rows - r);
            ByteBuffer b = in.slab(r, n);
            int first = r * in.cols / QK;
            for (int i = 0; i < n * in.cols / QK; i++) {
                int at = i * 210;
                int blk = first + i;
                d[blk] = Float.float16ToFloat(b.getShort(at + 208));
                b.get(at + 192, sc, blk * 16, 16);
                int o = blk * QK;
                for (int half = 0; half < 2; half++) {
                    int ql = at + 64 * half;
                    int qh = at + 128 + 32 * half;
                    for (int l = 0; l < 32; l++) {
                        int h = b.get(qh + l) & 0xFF;
                        int lo0 = b.get(ql + l) & 0xFF;
                        int lo1 = b.get(ql + l + 32) & 0xFF;
                        q[o + l] = (byte) (((lo0 & 15) | ((h & 3) << 4)) - 32);
                        q[o + l + 32] = (byte) (((lo1 & 15) | (((h >> 2) & 3) << 4)) - 32);
                        q[o + l + 64] = (byte) (((lo0 >> 4) | (((h >> 4) & 3) << 4)) - 32);
                        q[o + l + 96] = (byte) (((lo1 >> 4) | (((h >> 6) & 3) << 4)) - 32);
                    }
                    o += 128;
                }
            }
        }
        return new Q6KMatrix(in.rows, in.cols, q, sc, d);
    }

    @Override
    public GgmlType sourceType() {
        return GgmlType.Q6_K;
    }

    @Override
    public long bytes() {
        return q.length + sc.length + 4L * d.length;
    }

    @Override
    public void row(int r, float[] dst, int offset) {
        for (int c = 0, at = r * cols; c < cols; c++) {
            dst[offset + c] = d[(at + c) / QK] * sc[(at + c) / SUB] * q[at + c];
        }
    }

    @Override
    void multiplyRows(float[] x, Object aux, int tokens, float[] out, int from, int to) {
        final int n = cols;
        final int nb = n / QK;
        for (int r = from; r < to; r++) {
            for (int t = 0; t < tokens; t++) {
                final int xt = t * n;
                FloatVector acc = FloatVector.zero(S);
                for (int bb = 0; bb < nb; bb++) {
                    final int blk = r * nb + bb;
                    final int qo = blk * QK;
                    final int xo = xt + bb * QK;
                    final float ds = d[blk];
                    for (int s = 0; s < QK / SUB; s++) {
                        FloatVector p = FloatVector.zero(S);
                        for (int j = 0; j < SUB; j += L) {
                            FloatVector w = (FloatVector) ByteVector.fromArray(B, q, qo + s * SUB + j).convertShape(VectorOperators.B2F, S, 0);
                            p = w.fma(FloatVector.fromArray(S, x, xo + s * SUB + j), p);
                        }
                        acc = p.fma(FloatVector.broadcast(S, ds * sc[blk * 16 + s]), acc);
                    }
                }
                out[t * rows + r] = acc.reduceLanes(VectorOperators.ADD);
            }
        }
    }
}
