package dev.atelier.text.kernel;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Where each weight of a 16-bit matrix (F16, BF16) sits in the decode-friendly order of {@link PanelMatrix}.
 *
 * <p>Columns are cut into <b>panels</b> of {@link #PANEL} (the activations of one panel, 4 KB of
 * floats, stay in L1 while the panel's weights stream past; a whole 8192-wide row's 32 KB would
 * not), rows into <b>blocks</b> of {@link #BLOCK} that the kernel multiplies together (each
 * activation vector is loaded once for four rows), and each row of a block into <b>groups</b> of
 * {@code G = 2·LANES} columns: one full-width vector load of shorts. Inside a group the shorts are
 * stored in pairs: int lane {@code j} holds column {@code j} in its low half and column
 * {@code j + LANES} in its high half, so two shifts give either half without a widening shuffle.
 *
 * <p>Order in memory: panel by panel; in a panel, block by block; in a block, group by group; in
 * a group, the block's rows one after the other. A thread's rows of one panel are therefore one
 * contiguous stream. Columns past the last whole group ({@link #grouped}) are kept apart, row by
 * row in plain order ({@code tail}).
 */
record PanelLayout(int rows, int cols) {

    /**
     * Columns per panel: 1024 floats of activations = 4 KB, an eighth of L1 (measured on Zen 4, one
     * thread, weights from memory: 2048 about as fast, 4096 a third slower on 8192-wide rows).
     */
    static final int PANEL = 1024;
    /** Rows multiplied together. */
    static final int BLOCK = 4;

    /** Float lanes of the kernels' vectors (16 with AVX-512, 8 with AVX2; both divide PANEL / 2). */
    static final int LANES = Simd.LANES;

    /** Columns per group (one vector of shorts). */
    int group() {
        return 2 * LANES;
    }

    /** Columns covered by whole groups; the rest are the tail. */
    int grouped() {
        return cols - cols % group();
    }

    int tailCols() {
        return cols - grouped();
    }

    /** Width of the panel starting at column {@code c0} (the last may be narrower). */
    int panelWidth(int c0) {
        return Math.min(PANEL, grouped() - c0);
    }

    /** Rows in the block starting at row {@code rb} (the last may hold fewer). */
    int blockRows(int rb) {
        return Math.min(BLOCK, rows - rb);
    }

    /** Index of the first short of block {@code rb} (a multiple of BLOCK) in the panel starting at {@code c0}. */
    long blockStart(int c0, int rb) {
        return (long) c0 * rows + (long) rb * panelWidth(c0);
    }

    /** Shorts of the grouped part. */
    long groupedLength() {
        return (long) rows * grouped();
    }

    /** Stores row {@code r} given in plain column order into {@code packed} (grouped part) and {@code tail}. */
    void pack(short[] row, int r, short[] packed, short[] tail) {
        final int G = group();
        final int grouped = grouped();
        for (int c0 = 0; c0 < grouped; c0 += PANEL) {
            int rb = r - r % BLOCK;
            int stride = blockRows(rb) * G;
            int at = Math.toIntExact(blockStart(c0, rb) + (long) (r - rb) * G);
            int end = c0 + panelWidth(c0);
            for (int c = c0; c < end; c += G, at += stride) {
                // int lane j = column c + j (low half) | column c + LANES + j (high half)
                IntVector low = (IntVector) ShortVector.fromArray(Simd.H, row, c).convertShape(VectorOperators.S2I, Simd.I, 0);
                IntVector high = (IntVector) ShortVector.fromArray(Simd.H, row, c + LANES).convertShape(VectorOperators.S2I, Simd.I, 0);
                low.and(0xffff).or(high.lanewise(VectorOperators.LSHL, 16)).reinterpretAsShorts().intoArray(packed, at);
            }
        }
        System.arraycopy(row, grouped, tail, r * tailCols(), tailCols());
    }
}
