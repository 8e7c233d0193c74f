package dev.atelier.text.tensor;

import dev.atelier.core.error.AtelierException;
import java.util.Optional;

/**
 * The tensor element types of ggml, with the ids GGUF files store and the block layout of each:
 * {@link #blockSize()} elements are packed into {@link #blockBytes()} bytes. Every type llama.cpp
 * writes is recognised so that a file's sizes can be checked; {@link #canDequantize()} says which
 * ones {@link Dequantize} decodes.
 */
public enum GgmlType {
    F32(0, 1, 4, true),
    F16(1, 1, 2, true),
    Q4_0(2, 32, 18, true),
    Q4_1(3, 32, 20, true),
    Q5_0(6, 32, 22, true),
    Q5_1(7, 32, 24, true),
    Q8_0(8, 32, 34, true),
    Q8_1(9, 32, 36, false),
    Q2_K(10, 256, 84, true),
    Q3_K(11, 256, 110, true),
    Q4_K(12, 256, 144, true),
    Q5_K(13, 256, 176, true),
    Q6_K(14, 256, 210, true),
    Q8_K(15, 256, 292, false),
    IQ2_XXS(16, 256, 66, false),
    IQ2_XS(17, 256, 74, false),
    IQ3_XXS(18, 256, 98, false),
    IQ1_S(19, 256, 50, false),
    IQ4_NL(20, 32, 18, false),
    IQ3_S(21, 256, 110, false),
    IQ2_S(22, 256, 82, false),
    IQ4_XS(23, 256, 136, false),
    I8(24, 1, 1, false),
    I16(25, 1, 2, false),
    I32(26, 1, 4, false),
    I64(27, 1, 8, false),
    F64(28, 1, 8, false),
    IQ1_M(29, 256, 56, false),
    BF16(30, 1, 2, true),
    TQ1_0(34, 256, 54, false),
    TQ2_0(35, 256, 66, false),
    MXFP4(39, 32, 17, false);

    private static final GgmlType[] BY_ID = new GgmlType[40];

    static {
        for (GgmlType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final int blockSize;
    private final int blockBytes;
    private final boolean dequantizable;

    GgmlType(int id, int blockSize, int blockBytes, boolean dequantizable) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
        this.dequantizable = dequantizable;
    }

    /** The id stored in GGUF tensor infos. */
    public int id() {
        return id;
    }

    /** Elements per block (1 for plain types, 32 or 256 for quantized ones). */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int blockBytes() {
        return blockBytes;
    }

    /** Whether {@link Dequantize} can decode this type to floats. */
    public boolean canDequantize() {
        return dequantizable;
    }

    /** The type with this GGUF id; empty for ids ggml does not define (or no longer defines). */
    public static Optional<GgmlType> byId(int id) {
        return id >= 0 && id < BY_ID.length ? Optional.ofNullable(BY_ID[id]) : Optional.empty();
    }

    /**
     * Bytes taken by {@code elements} values of this type. The count must be a whole number of
     * blocks; a negative count, a partial block or a size past {@code Long.MAX_VALUE} is
     * INVALID_ARGUMENT.
     */
    public long byteSize(long elements) {
        if (elements < 0) {
            throw AtelierException.invalidArgument("elements", "element count must not be negative, got " + elements);
        }
        if (elements % blockSize != 0) {
            throw AtelierException.invalidArgument("elements", name() + " stores blocks of " + blockSize
                    + " elements; " + elements + " is not a multiple of it");
        }
        long blocks = elements / blockSize;
        if (blocks > Long.MAX_VALUE / blockBytes) {
            throw AtelierException.invalidArgument("elements", elements + " elements of " + name() + " overflow a 64-bit size");
        }
        return blocks * blockBytes;
    }
}
