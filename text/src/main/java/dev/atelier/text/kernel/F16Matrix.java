package dev.atelier.text.kernel;

import dev.atelier.text.tensor.GgmlType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * F16 weights kept as their 16-bit patterns, in panel order ({@link PanelMatrix}). The kernel
 * widens them in registers: an int lane holds two weights; shifting the low one to the top (the
 * high one is there already) and arithmetic-shifting right by 3 puts its exponent and mantissa
 * into float position with the sign copied into bits 28–31, a mask keeps bit 31, and a
 * multiplication by 2^112 re-biases the exponent exactly (subnormals included). Weights are never
 * inf/NaN, which this would turn finite.
 */
final class F16Matrix extends PanelMatrix {

    private static final VectorSpecies<Float> S = Simd.F;
    private static final VectorSpecies<Short> WS = Simd.WIDE_SHORTS;
    /** Keeps a half's sign bit, exponent and mantissa after the arithmetic shift right by 3. */
    private static final int HALF_BITS = 0x8fff_e000;
    /** 2^(127 − 15): float exponent bias minus the F16 one. */
    private static final float REBIAS = 0x1p112f;

    private F16Matrix(Packed packed) {
        super(packed);
    }

    static F16Matrix load(RowReader in) {
        return new F16Matrix(Packed.read(in));
    }

    @Override
    public GgmlType sourceType() {
        return GgmlType.F16;
    }

    @Override
    float widen(short h) {
        return Float.float16ToFloat(h);
    }

    @Override
    void widenRow(int p, int stride, int groups, float[] dst, int d) {
        for (int g = 0; g < groups; g++, p += stride, d += G) {
            IntVector v = ShortVector.fromArray(WS, w, p).reinterpretAsInts();
            v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(HALF_BITS)
                    .reinterpretAsFloats().mul(REBIAS).intoArray(dst, d);
            v.lanewise(VectorOperators.ASHR, 3).and(HALF_BITS).reinterpretAsFloats().mul(REBIAS).intoArray(dst, d + L);
        }
    }

    @Override
    void fourRows(int p, int groups, float[] x, int xc, float[] out, int o, boolean first) {
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

    @Override
    void oneRow(int p, int stride, int groups, float[] x, int xc, float[] out, int o, boolean first) {
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
}
