package dev.atelier.text.llm;

import dev.atelier.text.kernel.Attention;
import dev.atelier.text.kernel.Parallel;

/**
 * The rows of one forward call: several sequences, each with its own KV cache, each adding
 * {@code counts[s]} consecutive tokens at its next positions. A prefill is one sequence of many
 * tokens; a batched decode step is many sequences of one token each, so the weight matmuls see
 * every row at once (one read of the weights for the whole batch) while attention stays per sequence.
 */
final class Batch {

    final KvCache[] caches;
    final int rows;
    /** First row of each sequence, and its length (rows). */
    final int[] offset;
    final int[] count;
    /** Position of the first new token of each sequence (its cache length before the call). */
    final int[] start;
    /** Sequence and position of each row. */
    final int[] sequenceOf;
    final int[] positionOf;

    Batch(KvCache[] caches, int[] counts) {
        this.caches = caches;
        this.count = counts;
        this.offset = new int[caches.length];
        this.start = new int[caches.length];
        int n = 0;
        for (int s = 0; s < caches.length; s++) {
            offset[s] = n;
            start[s] = caches[s].length();
            n += counts[s];
        }
        this.rows = n;
        this.sequenceOf = new int[n];
        this.positionOf = new int[n];
        for (int s = 0; s < caches.length; s++) {
            for (int i = 0; i < counts[s]; i++) {
                sequenceOf[offset[s] + i] = s;
                positionOf[offset[s] + i] = start[s] + i;
            }
        }
    }

    int sequences() {
        return caches.length;
    }

    void reserve() {
        for (int s = 0; s < caches.length; s++) {
            caches[s].reserve(start[s] + count[s]);
        }
    }

    void advance() {
        for (int s = 0; s < caches.length; s++) {
            caches[s].advance(count[s]);
        }
    }

    /** Copies rows of {@code src} ({@code [rows][width]}) to each sequence's cache array of layer at its positions. */
    void store(float[] src, int width, boolean keys, int layer) {
        for (int s = 0; s < caches.length; s++) {
            float[] dst = keys ? caches[s].keys(layer) : caches[s].values(layer);
            System.arraycopy(src, offset[s] * width, dst, start[s] * width, count[s] * width);
        }
    }

    /** Attention of every row over its own sequence's cache of {@code layer} (keys and values stored first). */
    void attention(float[] q, int layer, ModelConfig c, float[] out, Parallel parallel) {
        float[][] keys = new float[rows][];
        float[][] values = new float[rows][];
        for (int t = 0; t < rows; t++) {
            keys[t] = caches[sequenceOf[t]].keys(layer);
            values[t] = caches[sequenceOf[t]].values(layer);
        }
        Attention.rows(q, rows, c.headCount(), c.headCountKv(), c.headDim(), keys, values, positionOf, out, parallel);
    }

    /** The rows whose logits are wanted: all of them, or the last of each sequence. */
    int[] outputRows(boolean all) {
        if (all) {
            int[] r = new int[rows];
            for (int i = 0; i < rows; i++) {
                r[i] = i;
            }
            return r;
        }
        int[] r = new int[caches.length];
        for (int s = 0; s < caches.length; s++) {
            r[s] = offset[s] + count[s] - 1;
        }
        return r;
    }

    /** Gathers the chosen rows of {@code x} ({@code [rows][dim]}). */
    static float[] gather(float[] x, int[] rows, int dim) {
        float[] out = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(x, rows[i] * dim, out, i * dim, dim);
        }
        return out;
    }
}
