package dev.atelier.text.kernel;

import dev.atelier.text.tensor.GgmlType;
import java.nio.ByteBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** BF16 weights kept as their 16-bit patterns; widening is a shift into the high half of a float. */
final class Bf16Matrix extends WeightMatrix {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final VectorSpecies<Integer> I = Simd.I;
    private static final VectorSpecies<Short> H = Simd.H;

    private final short[] w;

    private Bf16Matrix(int rows, int cols, short[] w) {
        super(rows, cols);
        this.w = w;
    }

    static Bf16Matrix load(RowReader in) {
        short[] w = new short[in.rows * in.cols];
        for (int r = 0; r < in.rows; r += in.rowsPerSlab()) {
            int n = Math.min(in.rowsPerSlab(), in.rows - r);
            ByteBuffer b = in.slab(r, n);
            b.asShortBuffer().get(w, r * in.cols, n * in.cols);
        }
        return new Bf16Matrix(in.rows, in.cols, w);
    }

    @Override
    public GgmlType sourceType() {
        return GgmlType.BF16;
    }

    @Override
    public long bytes() {
        return 2L * w.length;
    }

    @Override
    public void row(int r, float[] dst, int offset) {
        for (int c = 0, at = r * cols; c < cols; c++) {
            dst[offset + c] = Float.intBitsToFloat(w[at + c] << 16);
        }
    }

    @Override
    void multiplyRows(float[] x, Object aux, int tokens, float[] out, int from, int to) {
        final int n = cols;
        final int L = S.length();
        final int bound = S.loopBound(n);
        for (int r = from; r < to; r++) {
            final int wr = r * n;
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
                for (int c = 0; c < bound; c += L) {
                    IntVector h = (IntVector) ShortVector.fromArray(H, w, wr + c).convertShape(VectorOperators.S2I, I, 0);
                    FloatVector wv = h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                    a0 = wv.fma(FloatVector.fromArray(S, x, x0 + c), a0);
                    a1 = wv.fma(FloatVector.fromArray(S, x, x1 + c), a1);
                    a2 = wv.fma(FloatVector.fromArray(S, x, x2 + c), a2);
                    a3 = wv.fma(FloatVector.fromArray(S, x, x3 + c), a3);
                }
                float s0 = a0.reduceLanes(VectorOperators.ADD);
                float s1 = a1.reduceLanes(VectorOperators.ADD);
                float s2 = a2.reduceLanes(VectorOperators.ADD);
                float s3 = a3.reduceLanes(VectorOperators.ADD);
                for (int c = bound; c < n; c++) {
                    float wc = Float.intBitsToFloat(w[wr + c] << 16);
                    s0 += wc * x[x0 + c];
                    s1 += wc * x[x1 + c];
                    s2 += wc * x[x2 + c];
                    s3 += wc * x[x3 + c];
                }
                out[t * rows + r] = s0;
                out[(t + 1) * rows + r] = s1;
                out[(t + 2) * rows + r] = s2;
                out[(t + 3) * rows + r] = s3;
            }
            for (; t < tokens; t++) {
                final int xt = t * n;
                FloatVector a0 = FloatVector.zero(S);
                FloatVector a1 = FloatVector.zero(S);
                int c = 0;
                for (; c + 2 * L <= bound; c += 2 * L) {
                    IntVector h = (IntVector) ShortVector.fromArray(H, w, wr + c).convertShape(VectorOperators.S2I, I, 0);
                    FloatVector wv = h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                    a0 = wv.fma(FloatVector.fromArray(S, x, xt + c), a0);
                    h = (IntVector) ShortVector.fromArray(H, w, wr + c + L).convertShape(VectorOperators.S2I, I, 0);
                    wv = h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                    a1 = wv.fma(FloatVector.fromArray(S, x, xt + c + L), a1);
                }
                for (; c < bound; c += L) {
                    IntVector h = (IntVector) ShortVector.fromArray(H, w, wr + c).convertShape(VectorOperators.S2I, I, 0);
                    FloatVector wv = h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                    a0 = wv.fma(FloatVector.fromArray(S, x, xt + c), a0);
                }
                float s = a0.add(a1).reduceLanes(VectorOperators.ADD);
                for (; c < n; c++) {
                    s += Float.intBitsToFloat(w[wr + c] << 16) * x[xt + c];
                }
                out[t * rows + r] = s;
            }
        }
    }
}
