package dev.atelier.text.safetensors;

import java.util.Optional;

/**
 * The element types a safetensors header may name, with their sizes in bytes. Only
 * {@link #isReadable() F32, F16 and BF16} can be read as floats; the others are recognised so that
 * a file's offsets can still be checked, and reading them is refused with a typed error.
 */
public enum SafetensorsDtype {
    F64(8), F32(4), F16(2), BF16(2),
    I64(8), I32(4), I16(2), I8(1), U64(8), U32(4), U16(2), U8(1), BOOL(1),
    F8_E4M3(1), F8_E5M2(1);

    private final int bytes;

    SafetensorsDtype(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether tensors of this type can be read as floats: F32, F16 and BF16. */
    public boolean isReadable() {
        return this == F32 || this == F16 || this == BF16;
    }

    /** The type named {@code name} in a header (exact, upper case). */
    public static Optional<SafetensorsDtype> of(String name) {
        for (SafetensorsDtype d : values()) {
            if (d.name().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
