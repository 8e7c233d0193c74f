package dev.atelier.text.kernel;

import dev.atelier.text.tensor.GgmlType;
import java.nio.ByteBuffer;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q8_0 weights (blocks of 32 signed bytes with an fp16 scale), 34 bytes per 32 weights as in the
 * file, repacked into one array of quants and one of fp16 scales. The quants of each row are
 * stored in <em>groups</em> of {@code L} blocks ({@code L} = float lanes, 16 with AVX-512),
 * transposed: byte {@code j·L + g} of a group is weight {@code j} of block {@code g}. One load of
 * {@code L} bytes is then weight {@code j} of every block of the group, lane {@code g} of the
 * float accumulator collects block {@code g}, and the group's scales are applied once as one
 * vector, instead of a broadcast and a multiply per block. The activations are arranged in the
 * same order once per call ({@link #slabInput}).
 *
 * <p>The groups (and their {@code L} scales each) are stored in the order of
 * {@link GroupPanelLayout}: panels of 1024 columns, blocks of four rows whose steps of L bytes
 * are interleaved (step j of four rows: one 64-byte line with AVX-512), so that decode keeps a
 * panel's activations in L1, reads one sequential stream and loads each activation vector once
 * for four rows. The {@code nb mod L} blocks at the end of a row come after all groups, row by row
 * in the file's order.
 */
final class Q8Matrix extends WeightMatrix {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final VectorSpecies<Byte> B = Simd.B;
    private static final VectorSpecies<Short> H = Simd.H;
    private static final VectorSpecies<Integer> I = Simd.I;
    private static final int L = Simd.LANES;
    private static final int BLOCK = 32;
    private static final int GROUP = L * BLOCK;
    private static final int ROWS = GroupPanelLayout.BLOCK;

    private final byte[] q;
    private final short[] d;
    private final int groups;
    private final GroupPanelLayout layout;
    /** Blocks after the last whole group of a row, and where they start in {@code q} and {@code d}. */
    private final int tailBlocks;
    private final int tailQ;
    private final int tailD;

    private Q8Matrix(int rows, int cols, byte[] q, short[] d) {
        super(rows, cols);
        this.q = q;
        this.d = d;
        this.groups = cols / GROUP;
        this.layout = new GroupPanelLayout(rows, groups);
        this.tailBlocks = cols / BLOCK - groups * L;
        this.tailQ = layout.units() * GROUP;
        this.tailD = layout.units() * L;
    }

    static Q8Matrix load(RowReader in) {
        int cols = in.cols;
        int nb = cols / BLOCK;
        byte[] q = new byte[in.rows * cols];
        short[] d = new short[q.length / BLOCK];
        Q8Matrix m = new Q8Matrix(in.rows, cols, q, d);
        for (int r = 0; r < in.rows; r += in.rowsPerSlab()) {
            int n = Math.min(in.rowsPerSlab(), in.rows - r);
            ByteBuffer b = in.slab(r, n);
            for (int i = 0; i < n; i++) {
                int row = r + i;
                for (int blk = 0; blk < nb; blk++) {
                    int at = (i * nb + blk) * 34;
                    d[m.scaleIndex(row, blk)] = b.getShort(at);
                    for (int j = 0; j < BLOCK; j++) {
                        q[m.quantIndex(row, blk, j)] = b.get(at + 2 + j);
                    }
                }
            }
        }
        return m;
    }

    /** Where weight j of block blk sits within its row's columns (the slab and arranged-activation column of that weight). */
    private static int position(int blk, int j, int groups) {
        if (blk < groups * L) {
            return blk / L * GROUP + j * L + blk % L;
        }
        return blk * BLOCK + j;
    }

    /** Index in {@code q} of weight j of block blk of row r. */
    private int quantIndex(int r, int blk, int j) {
        return layout.byteIndex(r, blk, j, BLOCK, tailBlocks);
    }

    /** Index in {@code d} of the scale of block blk of row r. */
    private int scaleIndex(int r, int blk) {
        return layout.scaleIndex(r, blk, tailBlocks);
    }

    @Override
    public GgmlType sourceType() {
        return GgmlType.Q8_0;
    }

    @Override
    public long bytes() {
        return q.length + 2L * d.length;
    }

    @Override
    public void row(int r, float[] dst, int offset) {
        int nb = cols / BLOCK;
        for (int b = 0; b < nb; b++) {
            float s = Float.float16ToFloat(d[scaleIndex(r, b)]);
            for (int j = 0; j < BLOCK; j++) {
                dst[offset + b * BLOCK + j] = s * q[quantIndex(r, b, j)];
            }
        }
    }

    /** The activations in the rows' order: weight j of block g of a group meets x[(group·L + g)·32 + j]. */
    @Override
    float[] slabInput(float[] x, int tokens) {
        if (groups == 0) {
            return x;
        }
        float[] arranged = new float[tokens * cols];
        int nb = cols / BLOCK;
        for (int t = 0; t < tokens; t++) {
            int o = t * cols;
            for (int b = 0; b < nb; b++) {
                for (int j = 0; j < BLOCK; j++) {
                    arranged[o + position(b, j, groups)] = x[o + b * BLOCK + j];
                }
            }
        }
        return arranged;
    }

    /** The scales of blocks {@code [from, from + L)} as floats (fp16 widened in lanes; infinities and NaN kept). */
    private FloatVector scales(int from) {
        IntVector h = (IntVector) ShortVector.fromArray(H, d, from).convertShape(VectorOperators.S2I, I, 0);
        IntVector magnitude = h.and(0x7fff);
        FloatVector finite = magnitude.lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(0x1p112f);
        VectorMask<Integer> special = magnitude.compare(VectorOperators.GE, 0x7c00);
        IntVector bits = finite.reinterpretAsInts()
                .blend(magnitude.lanewise(VectorOperators.LSHL, 13).or(0x7f800000), special);
        return bits.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }

    /**
     * The scales {@code d[from, from + count)} ({@code count} a multiple of L) as floats into
     * {@code dst[0, count)}. The decode kernels take their scales from there: with the fp16
     * widening written into them, C2 stopped inlining it and boxed the vectors.
     */
    private void widenScales(int from, int count, float[] dst) {
        for (int i = 0; i < count; i += L) {
            scales(from + i).intoArray(dst, i);
        }
    }

    @Override
    void dequantizeRows(int from, int to, float[] dst) {
        for (int r = from; r < to; r++) {
            final int o = (r - from) * cols;
            final int stride = layout.blockRows(r - r % ROWS) * L;
            for (int g = 0; g < groups; g++) {
                FloatVector s = scales(layout.unit(r, g) * L);
                final int qg = layout.step(r, g, 0, GROUP);
                for (int j = 0; j < BLOCK; j++) {
                    ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qg + j * stride).convertShape(VectorOperators.B2I, I, 0))
                            .convert(VectorOperators.I2F, 0)).mul(s).intoArray(dst, o + g * GROUP + j * L);
                }
            }
            for (int b = 0; b < tailBlocks; b++) {
                FloatVector s = FloatVector.broadcast(S, Float.float16ToFloat(d[tailD + r * tailBlocks + b]));
                final int qb = tailQ + (r * tailBlocks + b) * BLOCK;
                final int ob = o + (groups * L + b) * BLOCK;
                for (int jj = 0; jj < BLOCK; jj += L) {
                    ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qb + jj).convertShape(VectorOperators.B2I, I, 0))
                            .convert(VectorOperators.I2F, 0)).mul(s).intoArray(dst, ob + jj);
                }
            }
        }
    }

    /** Decode (and batches under four tokens) reads the activations in the rows' order too. */
    @Override
    Object prepare(float[] x, int tokens) {
        return slabInput(x, tokens);
    }

    /** Panel by panel (its activations stay in L1), four rows at a time; later panels add to the sums. */
    @Override
    void multiplyRows(float[] x, Object prepared, int tokens, float[] out, int from, int to) {
        float[] arranged = (float[]) prepared;
        float[] scales = new float[GroupPanelLayout.panelGroups() * ROWS * L];
        layout.walk(from, to, new GroupPanelLayout.PanelKernel() {
            @Override
            public void fourRows(int start, int g0, int width, int r, boolean first) {
                for (int t = 0; t < tokens; t++) {
                    Q8Matrix.this.fourRows(start, width, arranged, t * cols + g0 * GROUP, scales, out, t * rows + r, first);
                }
            }

            @Override
            public void oneRow(int start, int g0, int width, int r, int rowInBlock, int blockRows, boolean first) {
                for (int t = 0; t < tokens; t++) {
                    Q8Matrix.this.oneRow(start, rowInBlock, blockRows, width, arranged, t * cols + g0 * GROUP, scales, out,
                            t * rows + r, first);
                }
            }
        });
        if (tailBlocks > 0) {
            for (int t = 0; t < tokens; t++) {
                for (int r = from; r < to; r++) {
                    float s = tailDot(r, arranged, t * cols);
                    out[t * rows + r] = groups == 0 ? s : out[t * rows + r] + s;
                }
            }
        }
    }

    /**
     * Rows {@code o..o+3} of {@code out} (set when {@code first}, else added to) from the block
     * whose first unit in this panel is {@code u}, against the activations from {@code x[xc]}
     * ({@code scales}: room for the block's scales in this panel, as floats). Step j of the four
     * rows is one run of 4L bytes.
     */
    private void fourRows(int u, int width, float[] x, int xc, float[] scales, float[] out, int o, boolean first) {
        widenScales(u * L, width * ROWS * L, scales);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        for (int g = 0, sg = 0; g < width; g++, u += ROWS, xc += GROUP, sg += ROWS * L) {
            final int q0 = u * GROUP;
            FloatVector p0 = FloatVector.zero(S);
            FloatVector p1 = FloatVector.zero(S);
            FloatVector p2 = FloatVector.zero(S);
            FloatVector p3 = FloatVector.zero(S);
            for (int j = 0; j < BLOCK; j++) {
                final int qj = q0 + j * ROWS * L;
                FloatVector xv = FloatVector.fromArray(S, x, xc + j * L);
                p0 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qj).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0)).fma(xv, p0);
                p1 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qj + L).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0)).fma(xv, p1);
                p2 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qj + 2 * L).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0)).fma(xv, p2);
                p3 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qj + 3 * L).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0)).fma(xv, p3);
            }
            a0 = p0.fma(FloatVector.fromArray(S, scales, sg), a0);
            a1 = p1.fma(FloatVector.fromArray(S, scales, sg + L), a1);
            a2 = p2.fma(FloatVector.fromArray(S, scales, sg + 2 * L), a2);
            a3 = p3.fma(FloatVector.fromArray(S, scales, sg + 3 * L), a3);
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

    /**
     * Row {@code k} of a block of {@code blockRows} rows whose first unit in this panel is
     * {@code u} (a block cut by the threads' ranges, or the last, shorter one): its steps lie
     * {@code blockRows·L} bytes apart.
     */
    private void oneRow(int u, int k, int blockRows, int width, float[] x, int xc, float[] scales, float[] out, int o, boolean first) {
        final int stride = blockRows * L;
        FloatVector acc = FloatVector.zero(S);
        for (int g = 0; g < width; g++, u += blockRows, xc += GROUP) {
            widenScales((u + k) * L, L, scales);
            final int qg = u * GROUP + k * L;
            FloatVector p0 = FloatVector.zero(S);
            FloatVector p1 = FloatVector.zero(S);
            for (int j = 0; j < BLOCK; j += 2) {
                p0 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qg + j * stride).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, x, xc + j * L), p0);
                p1 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qg + (j + 1) * stride).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, x, xc + (j + 1) * L), p1);
            }
            acc = p0.add(p1).fma(FloatVector.fromArray(S, scales, 0), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        out[o] = first ? s : out[o] + s;
    }

    /** Row r's blocks after its last whole group (file order) · one token's activations from {@code xt}. */
    private float tailDot(int r, float[] x, int xt) {
        FloatVector tail = FloatVector.zero(S);
        for (int b = 0; b < tailBlocks; b++) {
            final int qb = tailQ + (r * tailBlocks + b) * BLOCK;
            final int xb = xt + (groups * L + b) * BLOCK;
            FloatVector p = FloatVector.zero(S);
            for (int j = 0; j < BLOCK; j += L) {
                p = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qb + j).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, x, xb + j), p);
            }
            tail = p.fma(FloatVector.broadcast(S, Float.float16ToFloat(d[tailD + r * tailBlocks + b])), tail);
        }
        return tail.reduceLanes(VectorOperators.ADD);
    }
}
