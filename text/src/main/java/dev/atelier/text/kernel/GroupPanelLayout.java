package dev.atelier.text.kernel;

/**
 * Where each <em>group</em> of a Q8_0 or Q4_0 matrix sits in the decode-friendly order of
 * {@link Q8Matrix} and {@link Q4Matrix}: the idea of {@link PanelLayout} (F16/BF16) applied to
 * their transposed groups.
 *
 * <p>A group is one row's {@code LANES} consecutive blocks of 32 weights, stored transposed (lane
 * {@code g} of a load is block {@code g}): the unit the kernels multiply and scale at once. Groups
 * are numbered {@code unit} in memory order, and a type stores its bytes and scales unit by unit
 * (unit {@code u} at bytes {@code u·unitBytes} and scales {@code u·LANES}). The order:
 * <ul>
 *   <li>columns are cut into <b>panels</b> of {@link #panelGroups} groups (1024 columns: the
 *       panel's activations, 4 KB of floats, stay in L1 while its weights stream past; a whole
 *       8192-wide row's 32 KB would not);</li>
 *   <li>rows into <b>blocks</b> of {@link #BLOCK} that the kernels multiply together (one load of
 *       activations serves four rows);</li>
 *   <li>panel by panel; in a panel, block by block; in a block, group by group; per group, the
 *       block's rows one after the other. A thread's rows of a panel are one contiguous stream.</li>
 * </ul>
 * The bytes of a group's units are not kept row by row, though: the block's rows' {@code LANES}-byte
 * steps are interleaved ({@link #step}), so the stream is sequential at the grain the kernels read it.
 * The blocks after the last whole group of a row ({@code blocks mod LANES}) are not part of the
 * layout; the types keep them apart, row by row.
 *
 * @param rows rows of the matrix
 * @param groups whole groups per row
 */
record GroupPanelLayout(int rows, int groups) {

    /** Rows multiplied together. */
    static final int BLOCK = 4;

    /** Groups per panel: {@link PanelLayout#PANEL} columns (at least one group). */
    static int panelGroups() {
        return Math.max(1, PanelLayout.PANEL / (Simd.LANES * 32));
    }

    /** Groups in the panel starting at group {@code g0} (the last may hold fewer). */
    int panelWidth(int g0) {
        return Math.min(panelGroups(), groups - g0);
    }

    /** Rows in the block starting at row {@code rb} (the last may hold fewer). */
    int blockRows(int rb) {
        return Math.min(BLOCK, rows - rb);
    }

    /** The unit of the first row's first group of block {@code rb} (a multiple of BLOCK) in the panel starting at group {@code g0}. */
    int blockStart(int g0, int rb) {
        return g0 * rows + rb * panelWidth(g0);
    }

    /** The first unit of group {@code g} of the block holding row {@code r} (the block's other rows' units follow). */
    int groupStart(int r, int g) {
        int g0 = g - g % panelGroups();
        int rb = r - r % BLOCK;
        return blockStart(g0, rb) + (g - g0) * blockRows(rb);
    }

    /** The unit holding group {@code g} of row {@code r} (where its scales are). */
    int unit(int r, int g) {
        return groupStart(r, g) + r % BLOCK;
    }

    /**
     * Where step {@code j} of group {@code g} of row {@code r} starts, for {@code unitBytes} bytes
     * per unit taken {@code LANES} at a time: the block's units of a group hold their rows' steps
     * interleaved (step 0 of each row, then step 1 of each row, …), so that the kernels, which
     * take step j of all the block's rows together, read one sequential stream (with AVX-512, a
     * step of four rows is one 64-byte cache line); a row's own bytes would be 512 (Q8_0) or 256
     * (Q4_0) bytes per unit, too short a stream for the prefetchers.
     */
    int step(int r, int g, int j, int unitBytes) {
        int rb = r - r % BLOCK;
        return groupStart(r, g) * unitBytes + (j * blockRows(rb) + r - rb) * Simd.LANES;
    }

    /**
     * Index of byte {@code j} of block {@code blk} of row {@code r}, for a type of
     * {@code blockBytes} bytes per block ({@code LANES} blocks a unit): in its group's unit (at
     * {@link #step}), or, for the {@code tailBlocks} blocks after a row's last whole group, after all
     * the units' bytes, row by row.
     */
    int byteIndex(int r, int blk, int j, int blockBytes, int tailBlocks) {
        int lanes = Simd.LANES;
        if (blk < groups * lanes) {
            return step(r, blk / lanes, j, blockBytes * lanes) + blk % lanes;
        }
        return units() * blockBytes * lanes + (r * tailBlocks + blk - groups * lanes) * blockBytes + j;
    }

    /**
     * Index of the scale of block {@code blk} of row {@code r}: in its group's unit ({@code LANES}
     * scales a unit), or, for the {@code tailBlocks} blocks after a row's last whole group, after
     * all the units' scales, row by row.
     */
    int scaleIndex(int r, int blk, int tailBlocks) {
        int lanes = Simd.LANES;
        if (blk < groups * lanes) {
            return unit(r, blk / lanes) * lanes + blk % lanes;
        }
        return units() * lanes + r * tailBlocks + blk - groups * lanes;
    }

    /** What a Q8_0 or Q4_0 decode kernel does with one panel of rows, called in {@link #walk} order. */
    interface PanelKernel {
        /** Rows {@code r..r+3}, a whole block whose first unit in the panel (starting at group {@code g0}) is {@code start}. */
        void fourRows(int start, int g0, int width, int r, boolean first);

        /** Row {@code r} alone: row {@code rowInBlock} of a block of {@code blockRows} rows. */
        void oneRow(int start, int g0, int width, int r, int rowInBlock, int blockRows, boolean first);
    }

    /**
     * Rows {@code [from, to)} in decode order: panel by panel (its activations stay in L1), four
     * rows at a time where a whole block lies in the range, one at a time for a block cut by the
     * range or the last block of fewer rows; {@code first} for a row's first panel (later panels
     * add to the sums).
     */
    void walk(int from, int to, PanelKernel kernel) {
        for (int g0 = 0; g0 < groups; g0 += panelGroups()) {
            final boolean first = g0 == 0;
            final int width = panelWidth(g0);
            for (int r = from; r < to; ) {
                final int rb = r - r % BLOCK;
                final int rowsInBlock = blockRows(rb);
                final int start = blockStart(g0, rb);
                if (r == rb && rowsInBlock == BLOCK && r + BLOCK <= to) {
                    kernel.fourRows(start, g0, width, r, first);
                    r += BLOCK;
                } else {
                    kernel.oneRow(start, g0, width, r, r - rb, rowsInBlock, first);
                    r++;
                }
            }
        }
    }

    /** Units in all (rows × groups). */
    int units() {
        return rows * groups;
    }
}
