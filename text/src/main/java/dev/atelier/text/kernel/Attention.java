package dev.atelier.text.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Causal scaled dot-product attention over a KV cache, with grouped-query heads: query head h
 * reads key/value head {@code h / (heads / kvHeads)}. Query token t sits at position
 * {@code startPos + t} and attends to positions 0..startPos+t. The (token, head) pairs are spread
 * over the threads.
 */
public final class Attention {

    private static final VectorSpecies<Float> S = Simd.F;

    private Attention() {
    }

    /**
     * @param q queries, {@code [tokens][heads][headDim]}
     * @param keys cached keys, {@code [position][kvHeads][headDim]}, filled up to {@code startPos + tokens}
     * @param values cached values, same layout
     * @param out result, {@code [tokens][heads][headDim]}
     */
    public static void causal(float[] q, int tokens, int startPos, int heads, int kvHeads, int headDim,
            float[] keys, float[] values, float[] out, Parallel parallel) {
        float[][] k = new float[tokens][];
        float[][] v = new float[tokens][];
        int[] last = new int[tokens];
        for (int t = 0; t < tokens; t++) {
            k[t] = keys;
            v[t] = values;
            last[t] = startPos + t;
        }
        rows(q, tokens, heads, kvHeads, headDim, k, v, last, out, parallel);
    }

    /**
     * Attention of rows that may belong to different sequences (a batched decode step): row
     * {@code t} attends to positions {@code 0..last[t]} of its own cache {@code keys[t]}, {@code values[t]}.
     * All (row, head) pairs are spread over the threads together.
     */
    public static void rows(float[] q, int rows, int heads, int kvHeads, int headDim,
            float[][] keys, float[][] values, int[] last, float[] out, Parallel parallel) {
        final int group = heads / kvHeads;
        final int kvDim = kvHeads * headDim;
        final float scale = (float) (1.0 / Math.sqrt(headDim));
        int longest = 0;
        for (int t = 0; t < rows; t++) {
            longest = Math.max(longest, last[t] + 1);
        }
        final int positions = longest;
        parallel.forRange(rows * heads, 1, (from, to) -> {
            float[] scores = new float[positions];
            for (int item = from; item < to; item++) {
                int t = item / heads;
                int h = item % heads;
                int qo = (t * heads + h) * headDim;
                int kvo = (h / group) * headDim;
                float[] k = keys[t];
                float[] v = values[t];
                int end = last[t];
                float max = Float.NEGATIVE_INFINITY;
                for (int p = 0; p <= end; p++) {
                    float s = dot(q, qo, k, p * kvDim + kvo, headDim) * scale;
                    scores[p] = s;
                    max = Math.max(max, s);
                }
                float sum = 0;
                for (int p = 0; p <= end; p++) {
                    float e = (float) Math.exp(scores[p] - max);
                    scores[p] = e;
                    sum += e;
                }
                float inv = 1f / sum;
                java.util.Arrays.fill(out, qo, qo + headDim, 0f);
                for (int p = 0; p <= end; p++) {
                    axpy(scores[p] * inv, v, p * kvDim + kvo, out, qo, headDim);
                }
            }
        });
    }

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i < bound; i += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }
}
