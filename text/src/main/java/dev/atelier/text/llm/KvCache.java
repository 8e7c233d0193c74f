package dev.atelier.text.llm;

import dev.atelier.core.error.AtelierException;
import java.util.Arrays;

/**
 * The keys and values of every position seen so far, per layer: one per generation stream (the
 * weights are shared). Grows as positions are added, up to the model's context length, so a short
 * chat with a 128k-context model does not reserve gigabytes. Not thread-safe.
 */
public final class KvCache {

    private final int layers;
    private final int kvDim;
    private final int maxPositions;
    private final float[][] keys;
    private final float[][] values;
    private int capacity;
    private int length;

    KvCache(int layers, int kvDim, int maxPositions, int initialCapacity) {
        this.layers = layers;
        this.kvDim = kvDim;
        this.maxPositions = maxPositions;
        this.capacity = Math.max(1, Math.min(initialCapacity, maxPositions));
        this.keys = new float[layers][capacity * kvDim];
        this.values = new float[layers][capacity * kvDim];
    }

    /** Positions held (the next token goes at this position). */
    public int length() {
        return length;
    }

    /** The most positions this cache can hold (the model's context length). */
    public int maxPositions() {
        return maxPositions;
    }

    /** Forgets positions from {@code newLength} on (e.g. to reuse a shared prompt prefix). */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("length " + newLength + " outside 0.." + length);
        }
        length = newLength;
    }

    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    /** Makes room for positions up to {@code positions} (exclusive), doubling the arrays as needed. */
    void reserve(int positions) {
        if (positions <= capacity) {
            return;
        }
        int grown = (int) Math.min(maxPositions, Math.max(positions, 2L * capacity));
        try {
            for (int l = 0; l < layers; l++) {
                keys[l] = Arrays.copyOf(keys[l], Math.multiplyExact(grown, kvDim));
                values[l] = Arrays.copyOf(values[l], Math.multiplyExact(grown, kvDim));
            }
        } catch (OutOfMemoryError | ArithmeticException e) {
            throw AtelierException.resourceExhausted("the KV cache for " + grown + " positions needs "
                    + (8L * layers * kvDim * grown >> 20) + " MiB, more than the memory available; ask for fewer tokens");
        }
        capacity = grown;
    }

    void advance(int positions) {
        length += positions;
    }
}
