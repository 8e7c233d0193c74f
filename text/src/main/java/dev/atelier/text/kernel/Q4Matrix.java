package dev.atelier.text.kernel;

import dev.atelier.text.tensor.GgmlType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q4_0 weights: blocks of 32 weights {@code w = d·(n − 8)}, an fp16 scale {@code d} and 32
 * nibbles {@code n}. Two numerics, chosen at load:
 * <ul>
 *   <li>float activations (the default): nibbles widened to floats and multiplied with the float
 *       activations, i.e. float arithmetic on the dequantized weights up to summation order (what
 *       the DJL oracle checks to 1e-4);</li>
 *   <li>8-bit activations ({@code -Datelier.q4.int8Activations=true}), as llama.cpp does: the
 *       activations are first quantized to 8-bit blocks ({@link Q8Activations}) and each block's
 *       dot product is computed in 16-bit integer lanes, about half the vector operations per
 *       block. It changes the numerics (on small random models the logits move by 1–2% relative
 *       L2 from float activations, and a value within rounding of a tie rounds either way), so
 *       it is not the default.</li>
 * </ul>
 *
 * <p>Layout (repacked once at load; 20 bytes per 32 weights, the file has 18): scales in a float
 * array in block order; nibbles of each row in <em>groups</em> of {@code L} blocks ({@code L} =
 * float lanes, 16 with AVX-512), so that lane {@code g} of the kernel's integer accumulator is
 * block {@code g} of the group and the scales of a group are one vector load. A group is four
 * vectors of {@code 2L} shorts; short lane {@code l} of vector {@code a} holds four nibbles
 * (bits {@code 4k..4k+3}, {@code k = 0..3}), the weights {@code j = 4a + k + 16·(l / L)} of block
 * {@code l mod L}. One load, a shift and a mask give 2L nibbles; multiplying them by the
 * activations arranged in the same order ({@link #arrange}) and adding the 16 products of a
 * group in 16-bit lanes cannot overflow (16 · 15 · 127 < 2^15); adding the two halves of the
 * short vector gives each block's sum in its int lane. The {@code nb mod L} blocks left at the end
 * of a row keep the file's order (byte {@code j}: weights {@code j} and {@code j + 16}), nibbles
 * stored XOR 8 (4-bit two's complement), and are multiplied in floats with the dequantized 8-bit
 * activations, so every path computes the same thing.
 */
final class Q4Matrix extends WeightMatrix {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final VectorSpecies<Byte> B = Simd.B;
    private static final VectorSpecies<Integer> I = Simd.I;
    private static final VectorSpecies<Short> WS = Simd.WIDE_SHORTS;
    private static final VectorSpecies<Byte> WB = Simd.WIDE_BYTES;
    private static final int L = Simd.LANES;
    private static final int BLOCK = 32;
    private static final int HALF = 16;
    /** Bytes of nibbles of one group of L blocks, and activations (shorts) of one group. */
    private static final int GROUP_BYTES = L * HALF;
    private static final int GROUP_VALUES = L * BLOCK;

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
        this.groups = cols / BLOCK / L;
        this.int8Activations = int8Activations;
    }

    static Q4Matrix load(RowReader in, boolean int8Activations) {
        int cols = in.cols;
        int nb = cols / BLOCK;
        int groups = nb / L;
        byte[] q = new byte[in.rows * cols / 2];
        float[] d = new float[in.rows * nb];
        for (int r = 0; r < in.rows; r += in.rowsPerSlab()) {
            int n = Math.min(in.rowsPerSlab(), in.rows - r);
            ByteBuffer b = in.slab(r, n);
            for (int i = 0; i < n; i++) {
                int row = r + i;
                int qr = row * cols / 2;
                for (int blk = 0; blk < nb; blk++) {
                    int at = (i * nb + blk) * 18;
                    d[row * nb + blk] = Float.float16ToFloat(b.getShort(at));
                    if (blk < groups * L) {
                        for (int j = 0; j < BLOCK; j++) {
                            int v = b.get(at + 2 + j % HALF) & 0xFF;
                            int nibble = j < HALF ? v & 15 : v >> 4;
                            int pos = qr + groupedByte(blk, j);
                            q[pos] |= (byte) (nibble << groupedShift(j));
                        }
                    } else {
                        int o = qr + groups * GROUP_BYTES + (blk - groups * L) * HALF;
                        for (int j = 0; j < HALF; j++) {
                            q[o + j] = (byte) (b.get(at + 2 + j) ^ 0x88);
                        }
                    }
                }
            }
        }
        return new Q4Matrix(in.rows, cols, q, d, int8Activations);
    }

    /** Byte offset within a row of weight {@code j} of block {@code blk} (blk in the grouped part). */
    private static int groupedByte(int blk, int j) {
        int g = blk / L;
        int lane = blk % L + (j / HALF) * L;
        int k = j % 4;
        int a = (j % HALF) / 4;
        return g * GROUP_BYTES + a * 4 * L + 2 * lane + k / 2;
    }

    private static int groupedShift(int j) {
        return 4 * (j % 2);
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
        int qr = r * cols / 2;
        for (int b = 0; b < nb; b++) {
            float s = d[r * nb + b];
            if (b < groups * L) {
                for (int j = 0; j < BLOCK; j++) {
                    int nibble = (q[qr + groupedByte(b, j)] >> groupedShift(j)) & 15;
                    dst[offset + b * BLOCK + j] = s * (nibble - 8);
                }
            } else {
                int o = qr + groups * GROUP_BYTES + (b - groups * L) * HALF;
                for (int j = 0; j < HALF; j++) {
                    int v = (q[o + j] ^ 0x88) & 0xFF;
                    dst[offset + b * BLOCK + j] = s * ((v & 15) - 8);
                    dst[offset + b * BLOCK + HALF + j] = s * ((v >> 4) - 8);
                }
            }
        }
    }

    /**
     * Column order of the slabs: within the grouped part, for each group the 16 nibble vectors of
     * {@code 2L} lanes one after the other (see {@link #dequantizeRows}); the tail in file order.
     * Entry {@code p} is the natural column at slab position {@code p}.
     */
    private int[] slabOrder() {
        int[] order = new int[cols];
        for (int p = 0; p < cols; p++) {
            if (p < groups * GROUP_VALUES) {
                int g = p / GROUP_VALUES;
                int m = p % GROUP_VALUES / (2 * L);
                int lane = p % (2 * L);
                order[p] = (g * L + lane % L) * BLOCK + m + HALF * (lane / L);
            } else {
                order[p] = p;
            }
        }
        return order;
    }

    /** Prefill: the activations in slab column order (with 8-bit activations: quantized and dequantized, as decode sees them). */
    @Override
    float[] slabInput(float[] x, int tokens) {
        float[] xq = int8Activations ? Q8Activations.quantize(x, tokens, cols).dequantized() : x;
        int[] order = slabOrder();
        float[] arranged = new float[tokens * cols];
        for (int t = 0; t < tokens; t++) {
            for (int p = 0; p < cols; p++) {
                arranged[t * cols + p] = xq[t * cols + order[p]];
            }
        }
        return arranged;
    }

    @Override
    void dequantizeRows(int from, int to, float[] dst) {
        final int nb = cols / BLOCK;
        for (int r = from; r < to; r++) {
            final int o = (r - from) * cols;
            final int qr = r * cols / 2;
            for (int g = 0; g < groups; g++) {
                FloatVector s = FloatVector.fromArray(S, d, r * nb + g * L);
                for (int a = 0; a < 4; a++) {
                    ShortVector v = ByteVector.fromArray(WB, q, qr + g * GROUP_BYTES + a * 4 * L).reinterpretAsShorts();
                    for (int k = 0; k < 4; k++) {
                        ShortVector n = v.lanewise(VectorOperators.LSHR, 4 * k).and((short) 15);
                        int at = o + g * GROUP_VALUES + (4 * a + k) * 2 * L;
                        ((FloatVector) ((IntVector) n.convertShape(VectorOperators.S2I, I, 0)).sub(8).convert(VectorOperators.I2F, 0))
                                .mul(s).intoArray(dst, at);
                        ((FloatVector) ((IntVector) n.convertShape(VectorOperators.S2I, I, 1)).sub(8).convert(VectorOperators.I2F, 0))
                                .mul(s).intoArray(dst, at + L);
                    }
                }
            }
            for (int b = groups * L; b < nb; b++) {
                final float s = d[r * nb + b];
                final int qo = qr + groups * GROUP_BYTES + (b - groups * L) * HALF;
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

    /** One token's activations for the integer kernel. */
    private record Input(short[] arranged, float[] scale, int[] offset, float[] tail) {
    }

    /** One token's activations for the float kernel: arranged as the nibbles, 8·Σx per block, and as given (for the tail). */
    private record FloatInput(float[] arranged, float[] offset, float[] natural) {
    }

    /**
     * Decode (and batches under four tokens): each token's activations quantized once per call
     * and arranged in the grouped order; {@code 8·Σq} per block is what the nibbles' offset of 8
     * adds to the integer sums.
     */
    @Override
    Object prepare(float[] x, int tokens) {
        if (!int8Activations) {
            return prepareFloats(x, tokens);
        }
        Q8Activations a = Q8Activations.quantize(x, tokens, cols);
        float[] dequantized = groups * GROUP_VALUES < cols ? a.dequantized() : null;
        int nb = cols / BLOCK;
        Input[] inputs = new Input[tokens];
        for (int t = 0; t < tokens; t++) {
            short[] arranged = arrange(a.q(), t * cols, groups);
            float[] scale = new float[nb];
            int[] offset = new int[nb];
            for (int b = 0; b < nb; b++) {
                scale[b] = a.scale()[t * nb + b];
                offset[b] = 8 * a.sum()[t * nb + b];
            }
            float[] tail = dequantized == null ? null : Arrays.copyOfRange(dequantized, t * cols, (t + 1) * cols);
            inputs[t] = new Input(arranged, scale, offset, tail);
        }
        return inputs;
    }

    private FloatInput[] prepareFloats(float[] x, int tokens) {
        int nb = cols / BLOCK;
        FloatInput[] inputs = new FloatInput[tokens];
        for (int t = 0; t < tokens; t++) {
            int from = t * cols;
            float[] arranged = new float[groups * GROUP_VALUES];
            for (int g = 0; g < groups; g++) {
                for (int m = 0; m < HALF; m++) {
                    for (int lane = 0; lane < 2 * L; lane++) {
                        arranged[g * GROUP_VALUES + m * 2 * L + lane] = x[from + (g * L + lane % L) * BLOCK + m + HALF * (lane / L)];
                    }
                }
            }
            float[] offset = new float[nb];
            for (int b = 0; b < nb; b++) {
                float s = 0;
                for (int j = 0; j < BLOCK; j++) {
                    s += x[from + b * BLOCK + j];
                }
                offset[b] = 8 * s;
            }
            inputs[t] = new FloatInput(arranged, offset, Arrays.copyOfRange(x, from, from + cols));
        }
        return inputs;
    }

    /** The quantized activations of one token in the order of the nibbles: entry (g, m, lane) pairs with nibble m of lane. */
    static short[] arrange(short[] q, int from, int groups) {
        short[] arranged = new short[groups * GROUP_VALUES];
        for (int g = 0; g < groups; g++) {
            for (int m = 0; m < HALF; m++) {
                for (int lane = 0; lane < 2 * L; lane++) {
                    arranged[g * GROUP_VALUES + m * 2 * L + lane] = q[from + (g * L + lane % L) * BLOCK + m + HALF * (lane / L)];
                }
            }
        }
        return arranged;
    }

    @Override
    void multiplyRows(float[] x, Object prepared, int tokens, float[] out, int from, int to) {
        if (prepared instanceof FloatInput[] floats) {
            for (int r = from; r < to; r++) {
                for (int t = 0; t < tokens; t++) {
                    FloatInput in = floats[t];
                    out[t * rows + r] = dotFloats(r, in.arranged, in.offset, in.natural);
                }
            }
            return;
        }
        Input[] inputs = (Input[]) prepared;
        for (int r = from; r < to; r++) {
            for (int t = 0; t < tokens; t++) {
                Input in = inputs[t];
                out[t * rows + r] = dot(r, in.arranged, in.scale, in.offset, in.tail);
            }
        }
    }

    /** Row r · one token's quantized activations: integer sums per block, scaled per group of L blocks. */
    private float dot(int r, short[] xs, float[] xd, int[] xo, float[] tail) {
        final int nb = cols / BLOCK;
        final int qr = r * cols / 2;
        final int dr = r * nb;
        FloatVector acc = FloatVector.zero(S);
        for (int g = 0; g < groups; g++) {
            final int qg = qr + g * GROUP_BYTES;
            final int xg = g * GROUP_VALUES;
            ShortVector sum = ShortVector.zero(WS);
            for (int a = 0; a < 4; a++) {
                ShortVector v = ByteVector.fromArray(WB, q, qg + a * 4 * L).reinterpretAsShorts();
                final int xa = xg + a * 8 * L;
                sum = sum.add(v.and((short) 15).mul(ShortVector.fromArray(WS, xs, xa)))
                        .add(v.lanewise(VectorOperators.LSHR, 4).and((short) 15).mul(ShortVector.fromArray(WS, xs, xa + 2 * L)))
                        .add(v.lanewise(VectorOperators.LSHR, 8).and((short) 15).mul(ShortVector.fromArray(WS, xs, xa + 4 * L)))
                        .add(v.lanewise(VectorOperators.LSHR, 12).mul(ShortVector.fromArray(WS, xs, xa + 6 * L)));
            }
            IntVector blocks = ((IntVector) sum.convertShape(VectorOperators.S2I, I, 0))
                    .add((IntVector) sum.convertShape(VectorOperators.S2I, I, 1))
                    .sub(IntVector.fromArray(I, xo, g * L));
            acc = ((FloatVector) blocks.convert(VectorOperators.I2F, 0)).mul(FloatVector.fromArray(S, xd, g * L))
                    .fma(FloatVector.fromArray(S, d, dr + g * L), acc);
        }
        float result = acc.reduceLanes(VectorOperators.ADD);
        if (tail != null) {
            result += tailDot(qr, dr, nb, tail);
        }
        return result;
    }

    /**
     * Row r · one token's float activations: nibbles widened to floats, lane g of the
     * accumulators being block g of the group; the offset of 8 comes off as 8·Σx per block.
     */
    private float dotFloats(int r, float[] xs, float[] xo, float[] natural) {
        final int nb = cols / BLOCK;
        final int qr = r * cols / 2;
        final int dr = r * nb;
        FloatVector acc = FloatVector.zero(S);
        for (int g = 0; g < groups; g++) {
            final int qg = qr + g * GROUP_BYTES;
            final int xg = g * GROUP_VALUES;
            FloatVector p0 = FloatVector.fromArray(S, xo, g * L).neg();
            FloatVector p1 = FloatVector.zero(S);
            FloatVector p2 = FloatVector.zero(S);
            FloatVector p3 = FloatVector.zero(S);
            for (int a = 0; a < 4; a++) {
                ShortVector v = ByteVector.fromArray(WB, q, qg + a * 4 * L).reinterpretAsShorts();
                final int xa = xg + a * 8 * L;
                ShortVector n0 = v.and((short) 15);
                ShortVector n1 = v.lanewise(VectorOperators.LSHR, 4).and((short) 15);
                ShortVector n2 = v.lanewise(VectorOperators.LSHR, 8).and((short) 15);
                ShortVector n3 = v.lanewise(VectorOperators.LSHR, 12);
                p0 = ((FloatVector) ((IntVector) n0.convertShape(VectorOperators.S2I, I, 0)).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, xs, xa), p0);
                p1 = ((FloatVector) ((IntVector) n0.convertShape(VectorOperators.S2I, I, 1)).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, xs, xa + L), p1);
                p2 = ((FloatVector) ((IntVector) n1.convertShape(VectorOperators.S2I, I, 0)).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, xs, xa + 2 * L), p2);
                p3 = ((FloatVector) ((IntVector) n1.convertShape(VectorOperators.S2I, I, 1)).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, xs, xa + 3 * L), p3);
                p0 = ((FloatVector) ((IntVector) n2.convertShape(VectorOperators.S2I, I, 0)).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, xs, xa + 4 * L), p0);
                p1 = ((FloatVector) ((IntVector) n2.convertShape(VectorOperators.S2I, I, 1)).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, xs, xa + 5 * L), p1);
                p2 = ((FloatVector) ((IntVector) n3.convertShape(VectorOperators.S2I, I, 0)).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, xs, xa + 6 * L), p2);
                p3 = ((FloatVector) ((IntVector) n3.convertShape(VectorOperators.S2I, I, 1)).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, xs, xa + 7 * L), p3);
            }
            acc = p0.add(p1).add(p2.add(p3)).fma(FloatVector.fromArray(S, d, dr + g * L), acc);
        }
        float result = acc.reduceLanes(VectorOperators.ADD);
        if (groups * L < nb) {
            result += tailDot(qr, dr, nb, natural);
        }
        return result;
    }

    /** The blocks after the last whole group, in floats with the dequantized activations. */
    private float tailDot(int qr, int dr, int nb, float[] x) {
        FloatVector acc = FloatVector.zero(S);
        for (int b = groups * L; b < nb; b++) {
            final int o = b * BLOCK;
            final int qo = qr + groups * GROUP_BYTES + (b - groups * L) * HALF;
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
