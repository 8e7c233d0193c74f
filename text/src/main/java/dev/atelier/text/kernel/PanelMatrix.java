package dev.atelier.text.kernel;

import java.nio.ShortBuffer;

/**
 * A matrix of 16-bit weights (F16, BF16) stored in the order of {@link PanelLayout}, and the
 * decode loop over it: panel by panel, four rows at a time, each activation vector loaded once for
 * four rows, the panel's activations staying in L1 while the weights stream from memory in order.
 * Sums of later panels are added to the earlier ones (float reassociation only). Subclasses give
 * the widening of a 16-bit pattern to a float, written out in their vector kernels (a helper
 * returning vectors would not be compiled to registers).
 */
abstract sealed class PanelMatrix extends WeightMatrix permits F16Matrix, Bf16Matrix {

    static final int L = Simd.LANES;
    static final int G = 2 * L;
    static final int BLOCK = PanelLayout.BLOCK;

    final PanelLayout layout;
    final short[] w;
    /** Columns past the last whole group, row after row in plain order. */
    final short[] tail;

    PanelMatrix(Packed packed) {
        super(packed.layout().rows(), packed.layout().cols());
        this.layout = packed.layout();
        this.w = packed.w();
        this.tail = packed.tail();
    }

    /** A tensor's 16-bit patterns in panel order. */
    record Packed(PanelLayout layout, short[] w, short[] tail) {
        static Packed read(RowReader in) {
            PanelLayout layout = new PanelLayout(in.rows, in.cols);
            short[] w = new short[Math.toIntExact(layout.groupedLength())];
            short[] tail = new short[in.rows * layout.tailCols()];
            short[] row = new short[in.cols];
            for (int r = 0; r < in.rows; r += in.rowsPerSlab()) {
                int n = Math.min(in.rowsPerSlab(), in.rows - r);
                ShortBuffer b = in.slab(r, n).asShortBuffer();
                for (int i = 0; i < n; i++) {
                    b.get(row);
                    layout.pack(row, r + i, w, tail);
                }
            }
            return new Packed(layout, w, tail);
        }
    }

    @Override
    public final long bytes() {
        return 2L * w.length + 2L * tail.length;
    }

    @Override
    public final void row(int r, float[] dst, int offset) {
        final int grouped = layout.grouped();
        final int rb = r - r % BLOCK;
        final int stride = layout.blockRows(rb) * G;
        for (int c0 = 0; c0 < grouped; c0 += PanelLayout.PANEL) {
            widenRow((int) layout.blockStart(c0, rb) + (r - rb) * G, stride, layout.panelWidth(c0) / G, dst, offset + c0);
        }
        final int tc = layout.tailCols();
        for (int j = 0; j < tc; j++) {
            dst[offset + grouped + j] = widen(tail[r * tc + j]);
        }
    }

    // Decode (and batches under four tokens); larger batches go through float slabs (WeightMatrix.multiply).
    @Override
    final void multiplyRows(float[] x, Object aux, int tokens, float[] out, int from, int to) {
        final int grouped = layout.grouped();
        for (int c0 = 0; c0 < grouped; c0 += PanelLayout.PANEL) {
            final boolean first = c0 == 0;
            final int groups = layout.panelWidth(c0) / G;
            for (int r = from; r < to; ) {
                int rb = r - r % BLOCK;
                int blockRows = layout.blockRows(rb);
                int start = (int) layout.blockStart(c0, rb);
                if (r == rb && blockRows == BLOCK && r + BLOCK <= to) {
                    // The block's weights (8 KB per panel) stay in L1 for the next token.
                    for (int t = 0; t < tokens; t++) {
                        fourRows(start, groups, x, t * cols + c0, out, t * rows + r, first);
                    }
                    r += BLOCK;
                } else { // a block cut by the range, or the last block of fewer rows
                    for (int t = 0; t < tokens; t++) {
                        oneRow(start + (r - rb) * G, blockRows * G, groups, x, t * cols + c0, out, t * rows + r, first);
                    }
                    r++;
                }
            }
        }
        addTail(x, tokens, out, from, to, grouped == 0);
    }

    /** One 16-bit pattern as a float (the tail columns). */
    abstract float widen(short h);

    /** {@code groups} groups of one row, {@code stride} shorts apart from {@code p}, as floats into {@code dst[d..]}. */
    abstract void widenRow(int p, int stride, int groups, float[] dst, int d);

    /**
     * Rows {@code o..o+3} of {@code out} (set when {@code first}, else added to) from the whole
     * block whose panel starts at {@code p}, against the activations from {@code x[xc]}.
     */
    abstract void fourRows(int p, int groups, float[] x, int xc, float[] out, int o, boolean first);

    /** One row whose groups lie {@code stride} shorts apart from {@code p} (its block holds other rows in between). */
    abstract void oneRow(int p, int stride, int groups, float[] x, int xc, float[] out, int o, boolean first);

    /** The tail columns, scalar; they set the sums when there are no whole groups. */
    private void addTail(float[] x, int tokens, float[] out, int from, int to, boolean first) {
        final int tc = layout.tailCols();
        if (tc == 0) {
            return;
        }
        final int grouped = layout.grouped();
        for (int t = 0; t < tokens; t++) {
            for (int r = from; r < to; r++) {
                float s = 0;
                for (int j = 0; j < tc; j++) {
                    s += widen(tail[r * tc + j]) * x[t * cols + grouped + j];
                }
                out[t * rows + r] = first ? s : out[t * rows + r] + s;
            }
        }
    }
}
