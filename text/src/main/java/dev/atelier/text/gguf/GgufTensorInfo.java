package dev.atelier.text.gguf;

import dev.atelier.text.tensor.GgmlType;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor described in a GGUF file.
 *
 * @param name the tensor's name, e.g. {@code blk.0.attn_q.weight}
 * @param shape the dimensions in GGUF order: {@code shape[0]} is the contiguous one (a row of a
 *     matrix), so a matrix with {@code rows} rows of {@code cols} values is {@code [cols, rows]}
 * @param type the element type
 * @param offset the data's byte offset from the start of the file's data section
 * @param byteSize the data's size in bytes
 */
public record GgufTensorInfo(String name, long[] shape, GgmlType type, long offset, long byteSize) {

    public GgufTensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i} (GGUF order); 1 past the rank, as ggml pads shapes. */
    public long dim(int i) {
        return i < shape.length ? shape[i] : 1;
    }

    /** Product of the dimensions. */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && type == t.type && offset == t.offset && byteSize == t.byteSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), type, offset, byteSize);
    }

    @Override
    public String toString() {
        return name + " " + type + Arrays.toString(shape) + " @" + offset + " (" + byteSize + " bytes)";
    }
}
