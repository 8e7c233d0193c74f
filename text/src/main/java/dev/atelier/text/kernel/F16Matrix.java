package dev.atelier.text.kernel;

import dev.atelier.text.tensor.GgmlType;
import java.nio.ShortBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * F16 weights kept as their 16-bit patterns, in the panel order of {@link PanelLayout}. The
 * kernel widens them to floats in registers: an int lane holds two weights; shifting one to the
 * top (the other is already there) and arithmetic-shifting right by 3 puts its exponent and
 * mantissa into float position with the sign copied into bit 31, a mask clears the copies, and a
 * multiplication by 2^112 re-biases the exponent exactly (subnormals included). Weights are never
 * inf/NaN, which this would turn finite.
 *
 * <p>Decode multiplies four rows at a time, one panel of columns at a time: each activation
 * vector is loaded once for four rows, the four sums are independent chains, the panel's
 * activations stay in L1, and the weights stream from memory in order. Sums of later panels are
 * added to the earlier ones (float reassociation only).
 */
final class F16Matrix extends WeightMatrix {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final VectorSpecies<Short> WS = Simd.WIDE_SHORTS;
    private static final int L = Simd.LANES;
    private static final int G = 2 * L;
    private static final int BLOCK = PanelLayout.BLOCK;
    /** Keeps a half's sign bit, exponent and mantissa after the arithmetic shift right by 3. */
    private static final int HALF_BITS = 0x8fff_e000;
    /** 2^(127 − 15): float exponent bias minus the F16 one. */
    private static final float REBIAS = 0x1p112f;

    private final PanelLayout layout;
    private final short[] w;
    /** Columns past the last whole group, row after row in plain order. */
    private final short[] tail;

    private F16Matrix(PanelLayout layout, short[] w, short[] tail) {
        super(layout.rows(), layout.cols());
        this.layout = layout;
        this.w = w;
        this.tail = tail;
    }

    static F16Matrix load(RowReader in) {
        PanelLayout layout = new PanelLayout(in.rows, in.cols, L);
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
        return new F16Matrix(layout, w, tail);
    }

    @Override
    public GgmlType sourceType() {
        return GgmlType.F16;
    }

    @Override
    public long bytes() {
        return 2L * w.length + 2L * tail.length;
    }

    @Override
    public void row(int r, float[] dst, int offset) {
        final int grouped = layout.grouped();
        final int rb = r - r % BLOCK;
        final int stride = layout.blockRows(rb) * G;
        for (int c0 = 0; c0 < grouped; c0 += PanelLayout.PANEL) {
            int at = (int) layout.blockStart(c0, rb) + (r - rb) * G;
            int end = c0 + layout.panelWidth(c0);
            for (int c = c0; c < end; c += G, at += stride) {
                IntVector v = ShortVector.fromArray(WS, w, at).reinterpretAsInts();
                v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(HALF_BITS)
                        .reinterpretAsFloats().mul(REBIAS).intoArray(dst, offset + c);
                v.lanewise(VectorOperators.ASHR, 3).and(HALF_BITS)
                        .reinterpretAsFloats().mul(REBIAS).intoArray(dst, offset + c + L);
            }
        }
        final int tc = layout.tailCols();
        for (int j = 0; j < tc; j++) {
            dst[offset + grouped + j] = Float.float16ToFloat(tail[r * tc + j]);
        }
    }

    // Decode (and batches under four tokens); larger batches go through float slabs (WeightMatrix.multiply).
    @Override
    void multiplyRows(float[] x, Object aux, int tokens, float[] out, int from, int to) {
        final int grouped = layout.grouped();
        for (int c0 = 0; c0 < grouped; c0 += PanelLayout.PANEL) {
            final boolean first = c0 == 0;
            final int groups = layout.panelWidth(c0) / G;
            for (int r = from; r < to; ) {
                int rb = r - r % BLOCK;
                int blockRows = layout.blockRows(rb);
                int start = (int) layout.blockStart(c0, rb);
                if (r == rb && blockRows == BLOCK && r + BLOCK <= to) {
                    // The block's weights (16 KB per panel) stay in L1/L2 for the next token.
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

    /** Rows {@code o..o+3} of {@code out} (set on the first panel, else added to) from a whole block. */
    private void fourRows(int p, int groups, float[] x, int xc, float[] out, int o, boolean first) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        for (int g = 0; g < groups; g++, p += BLOCK * G, xc += G) {
            FloatVector xl = FloatVector.fromArray(S, x, xc);
            FloatVector xh = FloatVector.fromArray(S, x, xc + L);
            IntVector v = ShortVector.fromArray(WS, w, p).reinterpretAsInts();
            a0 = v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(HALF_BITS)
                    .reinterpretAsFloats().mul(REBIAS).fma(xl, a0);
            a0 = v.lanewise(VectorOperators.ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS).fma(xh, a0);
            v = ShortVector.fromArray(WS, w, p + G).reinterpretAsInts();
            a1 = v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(HALF_BITS)
                    .reinterpretAsFloats().mul(REBIAS).fma(xl, a1);
            a1 = v.lanewise(VectorOperators.ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS).fma(xh, a1);
            v = ShortVector.fromArray(WS, w, p + 2 * G).reinterpretAsInts();
            a2 = v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(HALF_BITS)
                    .reinterpretAsFloats().mul(REBIAS).fma(xl, a2);
            a2 = v.lanewise(VectorOperators.ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS).fma(xh, a2);
            v = ShortVector.fromArray(WS, w, p + 3 * G).reinterpretAsInts();
            a3 = v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(HALF_BITS)
                    .reinterpretAsFloats().mul(REBIAS).fma(xl, a3);
            a3 = v.lanewise(VectorOperators.ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS).fma(xh, a3);
        }
        float s0 = a0.reduceLanes(VectorOperators.ADD);
        float s1 = a1.reduceLanes(VectorOperators.ADD);
        float s2 = a2.reduceLanes(VectorOperators.ADD);
        float s3 = a3.reduceLanes(VectorOperators.ADD);
        out[o] = first ? s0 : out[o] + s0;
        out[o + 1] = first ? s1 : out[o + 1] + s1;
        out[o + 2] = first ? s2 : out[o + 2] + s2;
        out[o + 3] = first ? s3 : out[o + 3] + s3;
    }

    /** One row whose groups lie {@code stride} shorts apart (its block holds other rows in between). */
    private void oneRow(int p, int stride, int groups, float[] x, int xc, float[] out, int o, boolean first) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        for (int g = 0; g < groups; g++, p += stride, xc += G) {
            IntVector v = ShortVector.fromArray(WS, w, p).reinterpretAsInts();
            a0 = v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(HALF_BITS)
                    .reinterpretAsFloats().mul(REBIAS).fma(FloatVector.fromArray(S, x, xc), a0);
            a1 = v.lanewise(VectorOperators.ASHR, 3).and(HALF_BITS)
                    .reinterpretAsFloats().mul(REBIAS).fma(FloatVector.fromArray(S, x, xc + L), a1);
        }
        float s = a0.add(a1).reduceLanes(VectorOperators.ADD);
        out[o] = first ? s : out[o] + s;
    }

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
                    s += Float.float16ToFloat(tail[r * tc + j]) * x[t * cols + grouped + j];
                }
                out[t * rows + r] = first ? s : out[t * rows + r] + s;
            }
        }
    }
}
