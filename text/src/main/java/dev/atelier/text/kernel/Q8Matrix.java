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
 * same order once per call ({@link #slabInput}). The {@code nb mod L} blocks at the end of a row
 * keep the file's order.
 */
final class Q8Matrix extends WeightMatrix {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final VectorSpecies<Byte> B = Simd.B;
    private static final VectorSpecies<Short> H = Simd.H;
    private static final VectorSpecies<Integer> I = Simd.I;
    private static final int L = Simd.LANES;
    private static final int BLOCK = 32;
    private static final int GROUP = L * BLOCK;

    private final byte[] q;
    private final short[] d;
    private final int groups;

    private Q8Matrix(int rows, int cols, byte[] q, short[] d) {
        super(rows, cols);
        this.q = q;
        this.d = d;
        this.groups = cols / GROUP;
    }

    static Q8Matrix load(RowReader in) {
        int cols = in.cols;
        int nb = cols / BLOCK;
        int groups = cols / GROUP;
        byte[] q = new byte[in.rows * cols];
        short[] d = new short[q.length / BLOCK];
        for (int r = 0; r < in.rows; r += in.rowsPerSlab()) {
            int n = Math.min(in.rowsPerSlab(), in.rows - r);
            ByteBuffer b = in.slab(r, n);
            for (int i = 0; i < n; i++) {
                int row = r + i;
                for (int blk = 0; blk < nb; blk++) {
                    int at = (i * nb + blk) * 34;
                    d[row * nb + blk] = b.getShort(at);
                    for (int j = 0; j < BLOCK; j++) {
                        q[row * cols + position(blk, j, groups)] = b.get(at + 2 + j);
                    }
                }
            }
        }
        return new Q8Matrix(in.rows, cols, q, d);
    }

    /** Where weight j of block blk sits within its row (also the slab column of that weight). */
    private static int position(int blk, int j, int groups) {
        if (blk < groups * L) {
            return blk / L * GROUP + j * L + blk % L;
        }
        return blk * BLOCK + j;
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
            float s = Float.float16ToFloat(d[r * nb + b]);
            for (int j = 0; j < BLOCK; j++) {
                dst[offset + b * BLOCK + j] = s * q[r * cols + position(b, j, groups)];
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

    @Override
    void dequantizeRows(int from, int to, float[] dst) {
        final int nb = cols / BLOCK;
        for (int r = from; r < to; r++) {
            final int o = (r - from) * cols;
            final int qr = r * cols;
            for (int g = 0; g < groups; g++) {
                FloatVector s = scales(r * nb + g * L);
                final int qg = qr + g * GROUP;
                for (int j = 0; j < BLOCK; j++) {
                    ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qg + j * L).convertShape(VectorOperators.B2I, I, 0))
                            .convert(VectorOperators.I2F, 0)).mul(s).intoArray(dst, o + g * GROUP + j * L);
                }
            }
            for (int b = groups * L; b < nb; b++) {
                FloatVector s = FloatVector.broadcast(S, Float.float16ToFloat(d[r * nb + b]));
                for (int jj = 0; jj < BLOCK; jj += L) {
                    ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qr + b * BLOCK + jj).convertShape(VectorOperators.B2I, I, 0))
                            .convert(VectorOperators.I2F, 0)).mul(s).intoArray(dst, o + b * BLOCK + jj);
                }
            }
        }
    }

    /** Decode (and batches under four tokens) reads the activations in the rows' order too. */
    @Override
    Object prepare(float[] x, int tokens) {
        return slabInput(x, tokens);
    }

    @Override
    void multiplyRows(float[] x, Object prepared, int tokens, float[] out, int from, int to) {
        float[] arranged = (float[]) prepared;
        for (int r = from; r < to; r++) {
            for (int t = 0; t < tokens; t++) {
                out[t * rows + r] = dot(r, arranged, t * cols);
            }
        }
    }

    private float dot(int r, float[] x, int xt) {
        final int nb = cols / BLOCK;
        final int qr = r * cols;
        FloatVector acc = FloatVector.zero(S);
        for (int g = 0; g < groups; g++) {
            final int qg = qr + g * GROUP;
            final int xg = xt + g * GROUP;
            FloatVector p0 = FloatVector.zero(S);
            FloatVector p1 = FloatVector.zero(S);
            FloatVector p2 = FloatVector.zero(S);
            FloatVector p3 = FloatVector.zero(S);
            for (int j = 0; j < BLOCK; j += 4) {
                p0 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qg + j * L).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, x, xg + j * L), p0);
                p1 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qg + (j + 1) * L).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, x, xg + (j + 1) * L), p1);
                p2 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qg + (j + 2) * L).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, x, xg + (j + 2) * L), p2);
                p3 = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qg + (j + 3) * L).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, x, xg + (j + 3) * L), p3);
            }
            acc = p0.add(p1).add(p2.add(p3)).fma(scales(r * nb + g * L), acc);
        }
        FloatVector tail = FloatVector.zero(S);
        for (int b = groups * L; b < nb; b++) {
            final int o = b * BLOCK;
            FloatVector p = FloatVector.zero(S);
            for (int j = 0; j < BLOCK; j += L) {
                p = ((FloatVector) ((IntVector) ByteVector.fromArray(B, q, qr + o + j).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0)).fma(FloatVector.fromArray(S, x, xt + o + j), p);
            }
            tail = p.fma(FloatVector.broadcast(S, Float.float16ToFloat(d[r * nb + b])), tail);
        }
        return acc.add(tail).reduceLanes(VectorOperators.ADD);
    }
}
