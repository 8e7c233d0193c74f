package dev.atelier.text.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species the kernels use: floats at the machine's preferred width when it holds 8 or
 * 16 lanes (AVX2, AVX-512), else 256 bits (system property {@code atelier.vector.bits}: 256 or 512
 * overrides); the byte, short and int species with as many lanes,
 * so that one load of quantized bytes widens to exactly one float vector.
 */
final class Simd {

    static final VectorSpecies<Float> F = choose(Integer.getInteger("atelier.vector.bits", 0));
    static final int LANES = F.length();
    static final VectorSpecies<Integer> I = F.withLanes(int.class);
    static final VectorSpecies<Short> H = VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4));
    /** Shorts at the full width (2× the float lanes): F16/BF16 weights, two per int lane. */
    static final VectorSpecies<Short> WIDE_SHORTS = VectorSpecies.of(short.class, F.vectorShape());

    private Simd() {
    }

    // -Datelier.vector.bits=256 forces AVX2-width vectors (to test that path on an AVX-512 machine).
    private static VectorSpecies<Float> choose(int bits) {
        if (bits == 256) {
            return FloatVector.SPECIES_256;
        }
        if (bits == 512) {
            return FloatVector.SPECIES_512;
        }
        int preferred = FloatVector.SPECIES_PREFERRED.length();
        return preferred == 8 || preferred == 16 ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_256;
    }
}
