package dev.atelier.text.kernel;

import dev.atelier.text.tensor.GgmlType;
import java.nio.ByteBuffer;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q4_K weights: super-blocks of 256 in eight sub-blocks of 32, weight = d·sc·q − dmin·m with
 * 4-bit q and 6-bit sc, m per sub-block. The nibbles stay in the file's order (per 64 weights, 32
 * bytes: low nibbles the first 32, high nibbles the next 32); the packed 6-bit scales are unpacked
 * once to bytes. The minimum term is applied per sub-block through the activations' sub-block sums.
 */
final class Q4KMatrix extends WeightMatrix {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final VectorSpecies<Byte> B = Simd.B;
    private static final int L = Simd.LANES;
    private static final int QK = 256;
    private static final int SUB = 32;

    private final byte[] q;
    private final float[] d;
    private final float[] dmin;
    private final byte[] sc;
    private final byte[] m;

    private Q4KMatrix(int rows, int cols, byte[] q, float[] d, float[] dmin, byte[] sc, byte[] m) {
        super(rows, cols);
        this.q = q;
        this.d = d;
        this.dmin = dmin;
        this.sc = sc;
        this.m = m;
    }

    static Q4KMatrix load(RowReader in) {
        int blocks = in.rows * in.cols / QK;
        byte[] q = new byte[blocks * 128];
        float[] d = new float[blocks];
        float[] dmin = new float[blocks];
        byte[] sc = new byte[blocks * 8];
        byte[] m = new byte[blocks * 8];
        for (int r = 0; r < in.rows; r += in.rowsPerSlab()) {
            int n = Math.min(in.rowsPerSlab(), in.rows - r);
            ByteBuffer b = in.slab(r, n);
            int first = r * in.cols / QK;
            for (int i = 0; i < n * in.cols / QK; i++) {
                int at = i * 144;
                int blk = first + i;
                d[blk] = Float.float16ToFloat(b.getShort(at));
                dmin[blk] = Float.float16ToFloat(b.getShort(at + 2));
                for (int j = 0; j < 8; j++) {
                    int s = at + 4;
                    int lo = j < 4 ? b.get(s + j) & 63 : (b.get(s + j + 4) & 15) | (((b.get(s + j - 4) & 0xFF) >> 6) << 4);
                    int mn = j < 4 ? b.get(s + j + 4) & 63 : ((b.get(s + j + 4) & 0xFF) >> 4) | (((b.get(s + j) & 0xFF) >> 6) << 4);
                    sc[blk * 8 + j] = (byte) lo;
                    m[blk * 8 + j] = (byte) mn;
                }
                b.get(at + 16, q, blk * 128, 128);
            }
        }
        return new Q4KMatrix(in.rows, in.cols, q, d, dmin, sc, m);
    }

    @Override
    public GgmlType sourceType() {
        return GgmlType.Q4_K;
    }

    @Override
    public long bytes() {
        return q.length + 8L * d.length + sc.length + m.length;
    }

    @Override
    public void row(int r, float[] dst, int offset) {
        int nb = cols / QK;
        for (int bb = 0; bb < nb; bb++) {
            int blk = r * nb + bb;
            for (int c = 0; c < 4; c++) {
                float d1 = d[blk] * sc[blk * 8 + 2 * c];
                float m1 = dmin[blk] * m[blk * 8 + 2 * c];
                float d2 = d[blk] * sc[blk * 8 + 2 * c + 1];
                float m2 = dmin[blk] * m[blk * 8 + 2 * c + 1];
                for (int l = 0; l < 32; l++) {
                    int v = q[blk * 128 + 32 * c + l] & 0xFF;
                    dst[offset + bb * QK + 64 * c + l] = d1 * (v & 15) - m1;
                    dst[offset + bb * QK + 64 * c + 32 + l] = d2 * (v >> 4) - m2;
                }
            }
        }
    }

    /** Sums of each token's activations over every sub-block of 32. */
    @Override
    Object prepare(float[] x, int tokens) {
        int subs = cols / SUB;
        float[] sums = new float[tokens * subs];
        for (int i = 0; i < sums.length; i++) {
            float s = 0;
            for (int j = 0; j < SUB; j++) {
                s += x[i * SUB + j];
            }
            sums[i] = s;
        }
        return sums;
    }

    @Override
    void multiplyRows(float[] x, Object prepared, int tokens, float[] out, int from, int to) {
        final float[] xsum = (float[]) prepared;
        final int n = cols;
        final int nb = n / QK;
        for (int r = from; r < to; r++) {
            for (int t = 0; t < tokens; t++) {
                final int xt = t * n;
                final int st = t * (n / SUB);
                FloatVector acc = FloatVector.zero(S);
                float minTerm = 0;
                for (int bb = 0; bb < nb; bb++) {
                    final int blk = r * nb + bb;
                    final int qo = blk * 128;
                    final int xo = xt + bb * QK;
                    final float ds = d[blk];
                    float mins = 0;
                    for (int c = 0; c < 4; c++) {
                        FloatVector pLo = FloatVector.zero(S);
                        FloatVector pHi = FloatVector.zero(S);
                        for (int j = 0; j < 32; j += L) {
                            ByteVector bytes = ByteVector.fromArray(B, q, qo + 32 * c + j);
                            FloatVector lo = (FloatVector) bytes.and((byte) 15).convertShape(VectorOperators.B2F, S, 0);
                            FloatVector hi = (FloatVector) bytes.lanewise(VectorOperators.LSHR, 4).and((byte) 15)
                                    .convertShape(VectorOperators.B2F, S, 0);
                            pLo = lo.fma(FloatVector.fromArray(S, x, xo + 64 * c + j), pLo);
                            pHi = hi.fma(FloatVector.fromArray(S, x, xo + 64 * c + 32 + j), pHi);
                        }
                        acc = pLo.fma(FloatVector.broadcast(S, ds * sc[blk * 8 + 2 * c]), acc);
                        acc = pHi.fma(FloatVector.broadcast(S, ds * sc[blk * 8 + 2 * c + 1]), acc);
                        mins += m[blk * 8 + 2 * c] * xsum[st + bb * 8 + 2 * c] + m[blk * 8 + 2 * c + 1] * xsum[st + bb * 8 + 2 * c + 1];
                    }
                    minTerm += dmin[blk] * mins;
                }
                out[t * rows + r] = acc.reduceLanes(VectorOperators.ADD) - minTerm;
            }
        }
    }
}
