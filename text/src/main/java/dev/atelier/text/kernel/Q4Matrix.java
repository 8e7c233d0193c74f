package dev.atelier.text.kernel;

import dev.atelier.text.tensor.GgmlType;
import java.nio.ByteBuffer;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q4_0 weights: blocks of 32 weights {@code w = d·(n − 8)}, an fp16 scale {@code d} and 16 bytes
 * whose low nibbles are weights 0..15 and high nibbles 16..31. Two numerics, chosen at load:
 * <ul>
 *   <li>float activations (the default): nibbles widened to floats and multiplied with the float
 *       activations, i.e. float arithmetic on the dequantized weights up to summation order and,
 *       in decode, the rounding of the folded activations ({@link #foldLowIntoHigh}) (what the
 *       DJL oracle checks to 1e-4);</li>
 *   <li>8-bit activations ({@code -Datelier.q4.int8Activations=true}), as llama.cpp does: the
 *       activations are first quantized to 8-bit blocks ({@link Q8Activations}) and each block's
 *       dot product is computed in 16-bit integer lanes, about half the vector operations per
 *       block. It changes the numerics (on the oracle's small random models the logits move by
 *       1–2% relative L2 from float activations, and a value within rounding of a tie rounds
 *       either way, so no float reference matches it to 1e-4): it is not the default.</li>
 * </ul>
 *
 * <p>Layout (repacked once at load; 20 bytes per 32 weights, the file has 18): scales as floats in
 * block order; the bytes of each row in <em>groups</em> of {@code L} blocks ({@code L} = float
 * lanes, 16 with AVX-512), transposed: byte {@code j·L + g} of a group is byte {@code j} of block
 * {@code g} as in the file (weights j and j + 16), XOR 0x80 so that an arithmetic shift by 4 gives
 * the high weight's {@code n − 8} directly. One load of {@code L} bytes then gives weight
 * {@code j} and {@code j + 16} of every block of the group, lane {@code g} of the accumulators
 * collects block {@code g}, and the low nibbles' offset of 8 and the scales are applied once per
 * group as vectors ({@code Σ (n − 8)·x = Σ n·x − 8·Σ x} over weights 0..15, with that Σ x per
 * block computed once per call). The
 * activations are arranged in the same order once per call (entry {@code g·32L + j·L + lane} is
 * weight {@code j} of block {@code lane}, as for Q8_0). In the integer path each such row of
 * bytes widens to {@code L} shorts, and the 16 low and the 16 high products of a group are added
 * in separate 16-bit lanes, which cannot overflow (16 · 15 · 127 < 2^15).
 *
 * <p>The groups (and their {@code L} scales each) are stored in the order of
 * {@link GroupPanelLayout}: panels of 1024 columns, blocks of four rows whose steps of L bytes
 * are interleaved, so that the float decode kernel keeps a panel's activations in L1, reads one
 * sequential stream and loads each activation vector (and each block's 8·Σx) once for four rows. The {@code nb mod L} blocks left at
 * the end of a row come after all groups, row by row in the file's order, with nibbles stored XOR
 * 8 (4-bit two's complement), and are multiplied in floats (with the dequantized 8-bit activations
 * in that mode).
 */
final class Q4Matrix extends WeightMatrix {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final VectorSpecies<Byte> B = Simd.B;
    private static final VectorSpecies<Integer> I = Simd.I;
    private static final VectorSpecies<Short> H = Simd.H;
    private static final int L = Simd.LANES;
    private static final int BLOCK = 32;
    private static final int HALF = 16;
    /** Bytes of one group of L blocks, and activations of one group. */
    private static final int GROUP_BYTES = L * HALF;
    private static final int GROUP = L * BLOCK;

    /** The default numerics: {@code -Datelier.q4.int8Activations=true} switches Q4_0 matrices to 8-bit activations. */
    static final boolean INT8_ACTIVATIONS = Boolean.getBoolean("atelier.q4.int8Activations");

    private static final int ROWS = GroupPanelLayout.BLOCK;

    private final byte[] q;
    private final float[] d;
    private final int groups;
    private final boolean int8Activations;
    private final GroupPanelLayout layout;
    /** Blocks after the last whole group of a row, and where they start in {@code q} and {@code d}. */
    private final int tailBlocks;
    private final int tailQ;
    private final int tailD;

    private Q4Matrix(int rows, int cols, byte[] q, float[] d, boolean int8Activations) {
        super(rows, cols);
        this.q = q;
        this.d = d;
        this.groups = cols / GROUP;
        this.int8Activations = int8Activations;
        this.layout = new GroupPanelLayout(rows, groups);
        this.tailBlocks = cols / BLOCK - groups * L;
        this.tailQ = layout.units() * GROUP_BYTES;
        this.tailD = layout.units() * L;
    }

    static Q4Matrix load(RowReader in, boolean int8Activations) {
        int cols = in.cols;
        int nb = cols / BLOCK;
        byte[] q = new byte[in.rows * cols / 2];
        float[] d = new float[in.rows * nb];
        Q4Matrix m = new Q4Matrix(in.rows, cols, q, d, int8Activations);
        for (int r = 0; r < in.rows; r += in.rowsPerSlab()) {
            int n = Math.min(in.rowsPerSlab(), in.rows - r);
            ByteBuffer b = in.slab(r, n);
            for (int i = 0; i < n; i++) {
                int row = r + i;
                for (int blk = 0; blk < nb; blk++) {
                    int at = (i * nb + blk) * 18;
                    d[m.scaleIndex(row, blk)] = Float.float16ToFloat(b.getShort(at));
                    for (int j = 0; j < HALF; j++) {
                        byte v = b.get(at + 2 + j);
                        q[m.byteIndex(row, blk, j)] = (byte) (v ^ (blk < m.groups * L ? 0x80 : 0x88));
                    }
                }
            }
        }
        return m;
    }

    /** Index in {@code q} of byte j (weights j and j + 16) of block blk of row r. */
    private int byteIndex(int r, int blk, int j) {
        return layout.byteIndex(r, blk, j, HALF, tailBlocks);
    }

    /** Index in {@code d} of the scale of block blk of row r. */
    private int scaleIndex(int r, int blk) {
        return layout.scaleIndex(r, blk, tailBlocks);
    }

    /** Where weight j of block blk meets its activation: the column order of slabs and arranged activations. */
    private static int column(int blk, int j, int groups) {
        if (blk < groups * L) {
            return blk / L * GROUP + j * L + blk % L;
        }
        return blk * BLOCK + j;
    }

    @Override
    public GgmlType sourceType() {
        return GgmlType.Q4_0;
    }

    @Override
    public long bytes() {
        return q.length + 4L * d.length;
    }

    @Override
    public void row(int r, float[] dst, int offset) {
        int nb = cols / BLOCK;
        for (int b = 0; b < nb; b++) {
            float s = d[scaleIndex(r, b)];
            for (int j = 0; j < HALF; j++) {
                int v = (q[byteIndex(r, b, j)] ^ (b < groups * L ? 0x80 : 0x88)) & 0xFF;
                dst[offset + b * BLOCK + j] = s * ((v & 15) - 8);
                dst[offset + b * BLOCK + HALF + j] = s * ((v >> 4) - 8);
            }
        }
    }

    /** {@code x} (tokens × cols) in the kernel's column order. */
    private float[] arrange(float[] x, int tokens) {
        if (groups == 0) {
            return x;
        }
        int nb = cols / BLOCK;
        float[] arranged = new float[tokens * cols];
        for (int t = 0; t < tokens; t++) {
            int o = t * cols;
            for (int b = 0; b < nb; b++) {
                for (int j = 0; j < BLOCK; j++) {
                    arranged[o + column(b, j, groups)] = x[o + b * BLOCK + j];
                }
            }
        }
        return arranged;
    }

    /** Prefill: the activations in the kernel's column order (with 8-bit activations: quantized and dequantized, as decode sees them). */
    @Override
    float[] slabInput(float[] x, int tokens) {
        return arrange(int8Activations ? Q8Activations.quantize(x, tokens, cols).dequantized() : x, tokens);
    }

    @Override
    void dequantizeRows(int from, int to, float[] dst) {
        for (int r = from; r < to; r++) {
            final int o = (r - from) * cols;
            final int stride = layout.blockRows(r - r % ROWS) * L;
            for (int g = 0; g < groups; g++) {
                FloatVector s = FloatVector.fromArray(S, d, layout.unit(r, g) * L);
                final int qg = layout.step(r, g, 0, GROUP_BYTES);
                for (int j = 0; j < HALF; j++) {
                    IntVector v = (IntVector) ByteVector.fromArray(B, q, qg + j * stride).convertShape(VectorOperators.B2I, I, 0);
                    ((FloatVector) v.and(15).sub(8).convert(VectorOperators.I2F, 0)).mul(s).intoArray(dst, o + g * GROUP + j * L);
                    ((FloatVector) v.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0))
                            .mul(s).intoArray(dst, o + g * GROUP + (j + HALF) * L);
                }
            }
            for (int b = 0; b < tailBlocks; b++) {
                final float s = d[tailD + r * tailBlocks + b];
                final int qo = tailQ + (r * tailBlocks + b) * HALF;
                final int ob = o + (groups * L + b) * BLOCK;
                for (int j = 0; j < HALF; j += L) {
                    IntVector v = (IntVector) ByteVector.fromArray(B, q, qo + j).convertShape(VectorOperators.B2I, I, 0);
                    ((FloatVector) v.lanewise(VectorOperators.LSHL, 28).lanewise(VectorOperators.ASHR, 28).convert(VectorOperators.I2F, 0))
                            .mul(s).intoArray(dst, ob + j);
                    ((FloatVector) v.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0))
                            .mul(s).intoArray(dst, ob + HALF + j);
                }
            }
        }
    }

    /**
     * The decode kernels' activations: in each group, the high half's {@code x[j + 16]} replaced by
     * {@code x[j + 16] − 16·x[j]}. A stored byte widened to an int is {@code 16·h + l} (high
     * weight's {@code n − 8} and low nibble), so {@code (16h + l)·x[j] + h·(x[j+16] − 16·x[j]) =
     * l·x[j] + h·x[j+16]}: the low nibble needs no mask (6 instead of 7 vector operations per
     * step). The cost is rounding: the two products are up to 16× larger than the ones they stand
     * for, so float rounding grows accordingly (in Q4MatrixTest the largest error went from 3e-8
     * to 3e-7 of Σ|w·x|, against its bound of 1e-5).
     */
    private float[] foldLowIntoHigh(float[] arranged, int tokens) {
        if (groups == 0) {
            return arranged;
        }
        for (int t = 0; t < tokens; t++) {
            for (int g = 0; g < groups; g++) {
                final int lo = t * cols + g * GROUP;
                final int hi = lo + HALF * L;
                for (int i = 0; i < HALF * L; i++) {
                    arranged[hi + i] -= 16 * arranged[lo + i];
                }
            }
        }
        return arranged;
    }

    /** Activations of a call for the float kernel: arranged, and 8·Σx over weights 0..15 of each block (tokens × nb). */
    private record FloatInput(float[] arranged, float[] offset) {
    }

    /** Activations of a call for the integer kernel: quantized and arranged, scales and 8·Σq over weights 0..15 per block, dequantized and arranged (for the tail). */
    private record Int8Input(short[] arranged, float[] scale, int[] offset, float[] tail) {
    }

    /** Decode (and batches under four tokens): the activations of all tokens prepared once per call. */
    @Override
    Object prepare(float[] x, int tokens) {
        int nb = cols / BLOCK;
        if (!int8Activations) {
            float[] offset = new float[tokens * nb];
            for (int b = 0; b < offset.length; b++) {
                float s = 0;
                for (int j = 0; j < HALF; j++) {
                    s += x[b * BLOCK + j];
                }
                offset[b] = 8 * s;
            }
            return new FloatInput(foldLowIntoHigh(arrange(x, tokens), tokens), offset);
        }
        Q8Activations a = Q8Activations.quantize(x, tokens, cols);
        short[] arranged = new short[tokens * cols];
        for (int t = 0; t < tokens; t++) {
            for (int b = 0; b < nb; b++) {
                for (int j = 0; j < BLOCK; j++) {
                    arranged[t * cols + column(b, j, groups)] = a.q()[t * cols + b * BLOCK + j];
                }
            }
        }
        int[] offset = new int[tokens * nb];
        for (int b = 0; b < offset.length; b++) {
            int s = 0;
            for (int j = 0; j < HALF; j++) {
                s += a.q()[b * BLOCK + j];
            }
            offset[b] = 8 * s;
        }
        float[] tail = groups * GROUP < cols ? arrange(a.dequantized(), tokens) : null;
        return new Int8Input(arranged, a.scale(), offset, tail);
    }

    @Override
    void multiplyRows(float[] x, Object prepared, int tokens, float[] out, int from, int to) {
        int nb = cols / BLOCK;
        if (prepared instanceof FloatInput in) {
            multiplyFloats(in, tokens, out, from, to);
            return;
        }
        Int8Input in = (Int8Input) prepared;
        // panel by panel too: the panel's activations stay in L1, and the lines a row's steps share
        // with the other rows of its block are still there when those rows come
        for (int g0 = 0; g0 < groups; g0 += GroupPanelLayout.panelGroups()) {
            final int width = layout.panelWidth(g0);
            for (int r = from; r < to; r++) {
                for (int t = 0; t < tokens; t++) {
                    float s = dotInt8(r, g0, width, in.arranged, t * cols, in.scale, in.offset, t * nb);
                    out[t * rows + r] = g0 == 0 ? s : out[t * rows + r] + s;
                }
            }
        }
        if (in.tail != null) {
            for (int t = 0; t < tokens; t++) {
                for (int r = from; r < to; r++) {
                    float s = tailDot(r, in.tail, t * cols);
                    out[t * rows + r] = groups == 0 ? s : out[t * rows + r] + s;
                }
            }
        }
    }

    /** Panel by panel (its activations stay in L1), four rows at a time; later panels add to the sums. */
    private void multiplyFloats(FloatInput in, int tokens, float[] out, int from, int to) {
        final int nb = cols / BLOCK;
        layout.walk(from, to, new GroupPanelLayout.PanelKernel() {
            @Override
            public void fourRows(int start, int g0, int width, int r, boolean first) {
                for (int t = 0; t < tokens; t++) {
                    Q4Matrix.this.fourRows(start, width, in.arranged, t * cols + g0 * GROUP, in.offset, t * nb + g0 * L, out,
                            t * rows + r, first);
                }
            }

            @Override
            public void oneRow(int start, int g0, int width, int r, int rowInBlock, int blockRows, boolean first) {
                for (int t = 0; t < tokens; t++) {
                    Q4Matrix.this.oneRow(start, rowInBlock, blockRows, width, in.arranged, t * cols + g0 * GROUP, in.offset,
                            t * nb + g0 * L, out, t * rows + r, first);
                }
            }
        });
        if (tailBlocks > 0) {
            for (int t = 0; t < tokens; t++) {
                for (int r = from; r < to; r++) {
                    float s = tailDot(r, in.arranged, t * cols);
                    out[t * rows + r] = groups == 0 ? s : out[t * rows + r] + s;
                }
            }
        }
    }

    /**
     * Rows {@code o..o+3} of {@code out} (set when {@code first}, else added to) from the block
     * whose first unit in this panel is {@code u}, against the activations from {@code x[xc]} and
     * the blocks' 8·Σx from {@code offset[bo]}: each activation vector is loaded once for four rows,
     * and step j of the four rows is one run of 4L bytes.
     */
    private void fourRows(int u, int width, float[] x, int xc, float[] offset, int bo, float[] out, int o, boolean first) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        for (int g = 0; g < width; g++, u += ROWS, xc += GROUP, bo += L) {
            final int q0 = u * GROUP_BYTES;
            FloatVector minus = FloatVector.fromArray(S, offset, bo).neg();
            FloatVector l0 = minus;
            FloatVector l1 = minus;
            FloatVector l2 = minus;
            FloatVector l3 = minus;
            FloatVector h0 = FloatVector.zero(S);
            FloatVector h1 = FloatVector.zero(S);
            FloatVector h2 = FloatVector.zero(S);
            FloatVector h3 = FloatVector.zero(S);
            for (int j = 0; j < HALF; j++) {
                final int qj = q0 + j * ROWS * L;
                FloatVector xl = FloatVector.fromArray(S, x, xc + j * L);
                FloatVector xh = FloatVector.fromArray(S, x, xc + (j + HALF) * L);
                IntVector v = (IntVector) ByteVector.fromArray(B, q, qj).convertShape(VectorOperators.B2I, I, 0);
                l0 = ((FloatVector) v.convert(VectorOperators.I2F, 0)).fma(xl, l0);
                h0 = ((FloatVector) v.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0)).fma(xh, h0);
                v = (IntVector) ByteVector.fromArray(B, q, qj + L).convertShape(VectorOperators.B2I, I, 0);
                l1 = ((FloatVector) v.convert(VectorOperators.I2F, 0)).fma(xl, l1);
                h1 = ((FloatVector) v.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0)).fma(xh, h1);
                v = (IntVector) ByteVector.fromArray(B, q, qj + 2 * L).convertShape(VectorOperators.B2I, I, 0);
                l2 = ((FloatVector) v.convert(VectorOperators.I2F, 0)).fma(xl, l2);
                h2 = ((FloatVector) v.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0)).fma(xh, h2);
                v = (IntVector) ByteVector.fromArray(B, q, qj + 3 * L).convertShape(VectorOperators.B2I, I, 0);
                l3 = ((FloatVector) v.convert(VectorOperators.I2F, 0)).fma(xl, l3);
                h3 = ((FloatVector) v.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0)).fma(xh, h3);
            }
            a0 = l0.add(h0).fma(FloatVector.fromArray(S, d, u * L), a0);
            a1 = l1.add(h1).fma(FloatVector.fromArray(S, d, (u + 1) * L), a1);
            a2 = l2.add(h2).fma(FloatVector.fromArray(S, d, (u + 2) * L), a2);
            a3 = l3.add(h3).fma(FloatVector.fromArray(S, d, (u + 3) * L), a3);
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
    private void oneRow(int u, int k, int blockRows, int width, float[] x, int xc, float[] offset, int bo, float[] out, int o,
            boolean first) {
        final int stride = blockRows * L;
        FloatVector acc = FloatVector.zero(S);
        for (int g = 0; g < width; g++, u += blockRows, xc += GROUP, bo += L) {
            final int qg = u * GROUP_BYTES + k * L;
            FloatVector p0 = FloatVector.fromArray(S, offset, bo).neg();
            FloatVector p1 = FloatVector.zero(S);
            for (int j = 0; j < HALF; j++) {
                IntVector v = (IntVector) ByteVector.fromArray(B, q, qg + j * stride).convertShape(VectorOperators.B2I, I, 0);
                p0 = ((FloatVector) v.convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, x, xc + j * L), p0);
                p1 = ((FloatVector) v.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0))
                        .fma(FloatVector.fromArray(S, x, xc + (j + HALF) * L), p1);
            }
            acc = p0.add(p1).fma(FloatVector.fromArray(S, d, (u + k) * L), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        out[o] = first ? s : out[o] + s;
    }

    /**
     * Row r's groups {@code [g0, g0 + width)} · one token's 8-bit activations: per group, each
     * step's bytes widen to L shorts, the nibbles multiply the quantized activations in 16-bit
     * lanes, and the low and high sums give each block's integer dot product in its int lane; then
     * both scales, once per group.
     */
    private float dotInt8(int r, int g0, int width, short[] xs, int xt, float[] scale, int[] offset, int bt) {
        final int stride = layout.blockRows(r - r % ROWS) * L;
        FloatVector acc = FloatVector.zero(S);
        for (int g = g0; g < g0 + width; g++) {
            final int qg = layout.step(r, g, 0, GROUP_BYTES);
            final int xg = xt + g * GROUP;
            ShortVector sum0 = ShortVector.zero(H);
            ShortVector sum1 = ShortVector.zero(H);
            for (int j = 0; j < HALF; j++) {
                ShortVector v = (ShortVector) ByteVector.fromArray(B, q, qg + j * stride).convertShape(VectorOperators.B2S, H, 0);
                sum0 = sum0.add(v.and((short) 15).mul(ShortVector.fromArray(H, xs, xg + j * L)));
                sum1 = sum1.add(v.lanewise(VectorOperators.ASHR, 4).mul(ShortVector.fromArray(H, xs, xg + (j + HALF) * L)));
            }
            // each sum is at most 16 · 15 · 127 in magnitude; their total may not fit 16 bits
            IntVector blocks = ((IntVector) sum0.convertShape(VectorOperators.S2I, I, 0))
                    .add((IntVector) sum1.convertShape(VectorOperators.S2I, I, 0))
                    .sub(IntVector.fromArray(I, offset, bt + g * L));
            acc = ((FloatVector) blocks.convert(VectorOperators.I2F, 0)).mul(FloatVector.fromArray(S, scale, bt + g * L))
                    .fma(FloatVector.fromArray(S, d, layout.unit(r, g) * L), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** Row r's blocks after its last whole group (file order, signed nibbles) · one token's activations from {@code xt}, in floats. */
    private float tailDot(int r, float[] x, int xt) {
        FloatVector acc = FloatVector.zero(S);
        for (int b = 0; b < tailBlocks; b++) {
            final int o = xt + (groups * L + b) * BLOCK;
            final int qo = tailQ + (r * tailBlocks + b) * HALF;
            FloatVector p = FloatVector.zero(S);
            for (int j = 0; j < HALF; j += L) {
                IntVector bytes = (IntVector) ByteVector.fromArray(B, q, qo + j).convertShape(VectorOperators.B2I, I, 0);
                FloatVector lo = (FloatVector) bytes.lanewise(VectorOperators.LSHL, 28).lanewise(VectorOperators.ASHR, 28).convert(VectorOperators.I2F, 0);
                FloatVector hi = (FloatVector) bytes.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0);
                p = hi.fma(FloatVector.fromArray(S, x, o + HALF + j), lo.fma(FloatVector.fromArray(S, x, o + j), p));
            }
            acc = p.fma(FloatVector.broadcast(S, d[tailD + r * tailBlocks + b]), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
