package dev.atelier.text.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float matrix-matrix and matrix-vector products over a float weight array: the F32 kernel, also
 * used for the prefill of every other type on a slab of rows dequantized to floats
 * ({@link WeightMatrix#multiply}). Rows are taken in slabs that stay in L2 while every group of four
 * tokens passes over them, in tiles of 4 rows × 4 tokens.
 */
final class F32Tiles {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final int ROW_SLAB = 64;

    private F32Tiles() {
    }

    /**
     * {@code out[t·outRows + r] = Σ_c w[(r − base)·n + c] · x[t·n + c]} for rows {@code [from, to)}:
     * row r of the weights sits at row {@code r − base} of {@code w}.
     */
    static void multiply(float[] w, int base, int n, float[] x, int tokens, float[] out, int outRows, int from, int to) {
        if (n % S.length() != 0) { // the tile reads whole vectors
            rowsTokens(w, base, n, x, 0, tokens, out, outRows, from, to);
            return;
        }
        // Cache blocking: a slab of rows stays in L2 while every group of four tokens passes over it.
        for (int r0 = from; r0 < to; r0 += ROW_SLAB) {
            int r1 = Math.min(to, r0 + ROW_SLAB);
            int t = 0;
            for (; t + 4 <= tokens; t += 4) {
                int r = r0;
                for (; r + 4 <= r1; r += 4) {
                    tile4x4(w, base, n, x, t, out, outRows, r);
                }
                if (r < r1) {
                    rowsTokens(w, base, n, x, t, t + 4, out, outRows, r, r1);
                }
            }
            if (t < tokens) {
                rowsTokens(w, base, n, x, t, tokens, out, outRows, r0, r1);
            }
        }
    }

    // Four rows × four tokens: each weight vector is widened once for four tokens, each activation
    // vector loaded once for four rows.
    private static void tile4x4(float[] w, int base, int n, float[] x, int t, float[] out, int rows, int r) {
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
        final int w0r = (r + 0 - base) * n;
        final int w1r = (r + 1 - base) * n;
        final int w2r = (r + 2 - base) * n;
        final int w3r = (r + 3 - base) * n;
        for (int c = 0; c < n; c += S.length()) {
                FloatVector w0 = FloatVector.fromArray(S, w, w0r + c);
                FloatVector w1 = FloatVector.fromArray(S, w, w1r + c);
                FloatVector w2 = FloatVector.fromArray(S, w, w2r + c);
                FloatVector w3 = FloatVector.fromArray(S, w, w3r + c);
                FloatVector v0 = FloatVector.fromArray(S, x, x0 + c);
                FloatVector v1 = FloatVector.fromArray(S, x, x1 + c);
                FloatVector v2 = FloatVector.fromArray(S, x, x2 + c);
                FloatVector v3 = FloatVector.fromArray(S, x, x3 + c);
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

    private static void rowsTokens(float[] w, int base, int n, float[] x, int tFrom, int tTo, float[] out, int rows,
            int from, int to) {
        final int L = S.length();
        final int bound = S.loopBound(n);
        for (int r = from; r < to; r++) {
            final int wr = (r - base) * n;
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
                for (int c = 0; c < bound; c += L) {
                    FloatVector wv = FloatVector.fromArray(S, w, wr + c);
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
                    float wc = w[wr + c];
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
            for (; t < tTo; t++) {
                final int xt = t * n;
                FloatVector a0 = FloatVector.zero(S);
                FloatVector a1 = FloatVector.zero(S);
                int c = 0;
                for (; c + 2 * L <= bound; c += 2 * L) {
                    a0 = FloatVector.fromArray(S, w, wr + c).fma(FloatVector.fromArray(S, x, xt + c), a0);
                    a1 = FloatVector.fromArray(S, w, wr + c + L).fma(FloatVector.fromArray(S, x, xt + c + L), a1);
                }
                for (; c < bound; c += L) {
                    a0 = FloatVector.fromArray(S, w, wr + c).fma(FloatVector.fromArray(S, x, xt + c), a0);
                }
                float s = a0.add(a1).reduceLanes(VectorOperators.ADD);
                for (; c < n; c++) {
                    s += w[wr + c] * x[xt + c];
                }
                out[t * rows + r] = s;
            }
        }
    }
}
