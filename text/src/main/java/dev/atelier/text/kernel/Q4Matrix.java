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
 *       activations, i.e. float arithmetic on the dequantized weights up to summation order (what
 *       the DJL oracle checks to 1e-4);</li>
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
 * weight {@code j} of block {@code lane}, as for Q8_0). In the integer path two such rows of
 * bytes widen to one vector of {@code 2L} shorts, and the 16 products of a group are added in
 * 16-bit lanes, which cannot overflow (16 · 15 · 127 < 2^15). The {@code nb mod L} blocks left at
 * the end of a row keep the file's order with nibbles stored XOR 8 (4-bit two's complement) and
 * are multiplied in floats (with the dequantized 8-bit activations in that mode).
 */
final class Q4Matrix extends WeightMatrix {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final VectorSpecies<Byte> B = Simd.B;
    private static final VectorSpecies<Byte> B2 = Simd.TWO_LANES_BYTES;
    private static final VectorSpecies<Integer> I = Simd.I;
    private static final VectorSpecies<Short> WS = Simd.WIDE_SHORTS;
    private static final int L = Simd.LANES;
    private static final int BLOCK = 32;
    private static final int HALF = 16;
    /** Bytes of one group of L blocks, and activations of one group. */
    private static final int GROUP_BYTES = L * HALF;
    private static final int GROUP = L * BLOCK;

    /** The default numerics: {@code -Datelier.q4.int8Activations=true} switches Q4_0 matrices to 8-bit activations. */
    static final boolean INT8_ACTIVATIONS = Boolean.getBoolean("atelier.q4.int8Activations");

    private final byte[] q;
    private final float[] d;
    private final int groups;
    private final boolean int8Activations;

    private Q4Matrix(int rows, int cols, byte[] q, float[] d, boolean int8Activations) {
        super(rows, cols);
        this.q = q;
        this.d = d;
        this.groups = cols / GROUP;
        this.int8Activations = int8Activations;
    }

    static Q4Matrix load(RowReader in, boolean int8Activations) {
        int cols = in.cols;
        int nb = cols / BLOCK;
        int groups = cols / GROUP;
        byte[] q = new byte[in.rows * cols / 2];
        float[] d = new float[in.rows * nb];
        for (int r = 0; r < in.rows; r += in.rowsPerSlab()) {
            int n = Math.min(in.rowsPerSlab(), in.rows - r);
            ByteBuffer b = in.slab(r, n);
            for (int i = 0; i < n; i++) {
                int row = r + i;
                for (int blk = 0; blk < nb; blk++) {
                    int at = (i * nb + blk) * 18;
                    d[row * nb + blk] = Float.float16ToFloat(b.getShort(at));
                    for (int j = 0; j < HALF; j++) {
                        byte v = b.get(at + 2 + j);
                        q[row * cols / 2 + bytePosition(blk, j, groups)] = (byte) (v ^ (blk < groups * L ? 0x80 : 0x88));
                    }
                }
            }
        }
        return new Q4Matrix(in.rows, cols, q, d, int8Activations);
    }

    /** Where byte j (weights j and j + 16) of block blk sits within its row. */
    private static int bytePosition(int blk, int j, int groups) {
        if (blk < groups * L) {
            return blk / L * GROUP_BYTES + j * L + blk % L;
        }
        return blk * HALF + j;
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
            float s = d[r * nb + b];
            for (int j = 0; j < HALF; j++) {
                int v = (q[r * cols / 2 + bytePosition(b, j, groups)] ^ (b < groups * L ? 0x80 : 0x88)) & 0xFF;
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
        final int nb = cols / BLOCK;
        for (int r = from; r < to; r++) {
            final int o = (r - from) * cols;
            final int qr = r * cols / 2;
            for (int g = 0; g < groups; g++) {
                FloatVector s = FloatVector.fromArray(S, d, r * nb + g * L);
                final int qg = qr + g * GROUP_BYTES;
                for (int j = 0; j < HALF; j++) {
                    IntVector v = (IntVector) ByteVector.fromArray(B, q, qg + j * L).convertShape(VectorOperators.B2I, I, 0);
                    ((FloatVector) v.and(15).sub(8).convert(VectorOperators.I2F, 0)).mul(s).intoArray(dst, o + g * GROUP + j * L);
                    ((FloatVector) v.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0))
                            .mul(s).intoArray(dst, o + g * GROUP + (j + HALF) * L);
                }
            }
            for (int b = groups * L; b < nb; b++) {
                final float s = d[r * nb + b];
                final int qo = qr + b * HALF;
                for (int j = 0; j < HALF; j += L) {
                    IntVector v = (IntVector) ByteVector.fromArray(B, q, qo + j).convertShape(VectorOperators.B2I, I, 0);
                    ((FloatVector) v.lanewise(VectorOperators.LSHL, 28).lanewise(VectorOperators.ASHR, 28).convert(VectorOperators.I2F, 0))
                            .mul(s).intoArray(dst, o + b * BLOCK + j);
                    ((FloatVector) v.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0))
                            .mul(s).intoArray(dst, o + b * BLOCK + HALF + j);
                }
            }
        }
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
            return new FloatInput(arrange(x, tokens), offset);
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
            for (int r = from; r < to; r++) {
                for (int t = 0; t < tokens; t++) {
                    out[t * rows + r] = dotFloats(r, in.arranged, t * cols, in.offset, t * nb);
                }
            }
            return;
        }
        Int8Input in = (Int8Input) prepared;
        for (int r = from; r < to; r++) {
            for (int t = 0; t < tokens; t++) {
                out[t * rows + r] = dotInt8(r, in.arranged, t * cols, in.scale, in.offset, t * nb, in.tail);
            }
        }
    }

    /** Row r · one token's float activations (arranged from {@code xt}; 8·Σx per block from {@code bt}). */
    private float dotFloats(int r, float[] x, int xt, float[] offset, int bt) {
        final int nb = cols / BLOCK;
        final int qr = r * cols / 2;
        final int dr = r * nb;
        FloatVector acc = FloatVector.zero(S);
        for (int g = 0; g < groups; g++) {
            final int qg = qr + g * GROUP_BYTES;
            final int xg = xt + g * GROUP;
            FloatVector p0 = FloatVector.fromArray(S, offset, bt + g * L).neg();
            FloatVector p1 = FloatVector.zero(S);
            FloatVector p2 = FloatVector.zero(S);
            FloatVector p3 = FloatVector.zero(S);
            for (int j = 0; j < HALF; j += 2) {
                IntVector v = (IntVector) ByteVector.fromArray(B, q, qg + j * L).convertShape(VectorOperators.B2I, I, 0);
                IntVector w = (IntVector) ByteVector.fromArray(B, q, qg + (j + 1) * L).convertShape(VectorOperators.B2I, I, 0);
                p0 = ((FloatVector) v.and(15).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, x, xg + j * L), p0);
                p1 = ((FloatVector) v.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0))
                        .fma(FloatVector.fromArray(S, x, xg + (j + HALF) * L), p1);
                p2 = ((FloatVector) w.and(15).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, x, xg + (j + 1) * L), p2);
                p3 = ((FloatVector) w.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0))
                        .fma(FloatVector.fromArray(S, x, xg + (j + 1 + HALF) * L), p3);
            }
            acc = p0.add(p1).add(p2.add(p3)).fma(FloatVector.fromArray(S, d, dr + g * L), acc);
        }
        float result = acc.reduceLanes(VectorOperators.ADD);
        if (groups * L < nb) {
            result += tailDot(qr, dr, nb, x, xt);
        }
        return result;
    }

    /**
     * Row r · one token's 8-bit activations: per group, two rows of bytes widen to 2L shorts, the
     * nibbles multiply the quantized activations in 16-bit lanes, and the two halves of the sum
     * give each block's integer dot product in its int lane; then both scales, once per group.
     */
    private float dotInt8(int r, short[] xs, int xt, float[] scale, int[] offset, int bt, float[] tail) {
        final int nb = cols / BLOCK;
        final int qr = r * cols / 2;
        final int dr = r * nb;
        FloatVector acc = FloatVector.zero(S);
        for (int g = 0; g < groups; g++) {
            final int qg = qr + g * GROUP_BYTES;
            final int xg = xt + g * GROUP;
            ShortVector sum0 = ShortVector.zero(WS);
            ShortVector sum1 = ShortVector.zero(WS);
            for (int j = 0; j < HALF; j += 2) {
                ShortVector v = (ShortVector) ByteVector.fromArray(B2, q, qg + j * L).convertShape(VectorOperators.B2S, WS, 0);
                sum0 = sum0.add(v.and((short) 15).mul(ShortVector.fromArray(WS, xs, xg + j * L)));
                sum1 = sum1.add(v.lanewise(VectorOperators.ASHR, 4).mul(ShortVector.fromArray(WS, xs, xg + (j + HALF) * L)));
            }
            ShortVector sum = sum0.add(sum1);
            IntVector blocks = ((IntVector) sum.convertShape(VectorOperators.S2I, I, 0))
                    .add((IntVector) sum.convertShape(VectorOperators.S2I, I, 1))
                    .sub(IntVector.fromArray(I, offset, bt + g * L));
            acc = ((FloatVector) blocks.convert(VectorOperators.I2F, 0)).mul(FloatVector.fromArray(S, scale, bt + g * L))
                    .fma(FloatVector.fromArray(S, d, dr + g * L), acc);
        }
        float result = acc.reduceLanes(VectorOperators.ADD);
        if (tail != null) {
            result += tailDot(qr, dr, nb, tail, xt);
        }
        return result;
    }

    /** The blocks after the last whole group (file order, signed nibbles), in floats. */
    private float tailDot(int qr, int dr, int nb, float[] x, int xt) {
        FloatVector acc = FloatVector.zero(S);
        for (int b = groups * L; b < nb; b++) {
            final int o = xt + b * BLOCK;
            final int qo = qr + b * HALF;
            FloatVector p = FloatVector.zero(S);
            for (int j = 0; j < HALF; j += L) {
                IntVector bytes = (IntVector) ByteVector.fromArray(B, q, qo + j).convertShape(VectorOperators.B2I, I, 0);
                FloatVector lo = (FloatVector) bytes.lanewise(VectorOperators.LSHL, 28).lanewise(VectorOperators.ASHR, 28).convert(VectorOperators.I2F, 0);
                FloatVector hi = (FloatVector) bytes.lanewise(VectorOperators.ASHR, 4).convert(VectorOperators.I2F, 0);
                p = hi.fma(FloatVector.fromArray(S, x, o + HALF + j), lo.fma(FloatVector.fromArray(S, x, o + j), p));
            }
            acc = p.fma(FloatVector.broadcast(S, d[dr + b]), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
