package dev.atelier.text.gguf;

import dev.atelier.core.error.AtelierException;
import dev.atelier.text.tensor.GgmlType;
import dev.atelier.text.tensor.Quantize;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a GGUF file (version 3 unless told otherwise): metadata of every type, then tensors of
 * any {@link GgmlType} from their raw bytes (or from floats, quantized with {@link Quantize}).
 * The data section and every tensor start at the alignment ({@code general.alignment}, default
 * 32), padded with zeros, as llama.cpp writes them. Bad input is INVALID_ARGUMENT.
 */
public final class GgufWriter {

    /**
     * Produces a tensor's bytes while the file is written, so that a multi-GB model is streamed from
     * its source (another file, a quantizer, a random generator) and never held in memory whole.
     */
    @FunctionalInterface
    public interface TensorBytes {
        /** Writes exactly the tensor's byte size to {@code out} (not to be closed). */
        void writeTo(OutputStream out) throws IOException;
    }

    private record Tensor(String name, GgmlType type, long[] shape, long size, TensorBytes data) {
    }

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private int version = 3;

    /** 2 or 3 (the same layout for little-endian files). */
    public GgufWriter version(int version) {
        if (version != 2 && version != 3) {
            throw AtelierException.invalidArgument("version", "GGUF version must be 2 or 3, got " + version);
        }
        this.version = version;
        return this;
    }

    /** Sets {@code general.alignment} (a power of two). */
    public GgufWriter alignment(int alignment) {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw AtelierException.invalidArgument("alignment", "alignment must be a power of two, got " + alignment);
        }
        metadata.put(GgufHeaderReader.ALIGNMENT_KEY, GgufValue.uint32(alignment));
        return this;
    }

    /** Adds a metadata entry; keys are unique. */
    public GgufWriter put(String key, GgufValue value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (metadata.containsKey(key)) {
            throw AtelierException.invalidArgument("key", "metadata key '" + key + "' is already set");
        }
        if (key.equals(GgufHeaderReader.ALIGNMENT_KEY)) {
            if (value.type() != GgufValueType.UINT32 || Integer.bitCount((Integer) value.value()) != 1) {
                throw AtelierException.invalidArgument("key", GgufHeaderReader.ALIGNMENT_KEY + " must be a UINT32 power of two");
            }
        }
        metadata.put(key, value);
        return this;
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValue.string(value));
    }

    public GgufWriter putUInt32(String key, long value) {
        return put(key, GgufValue.uint32(value));
    }

    public GgufWriter putInt32(String key, int value) {
        return put(key, GgufValue.int32(value));
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValue.float32(value));
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValue.bool(value));
    }

    /**
     * Adds a tensor from its raw bytes in {@code type}'s layout (from the buffer's position to its
     * limit, not copied until written). {@code shape} is in GGUF order, {@code shape[0]}
     * contiguous; at most 4 dimensions and whole blocks per row.
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        long size = checkTensor(name, type, shape);
        if (data.remaining() != size) {
            throw AtelierException.invalidArgument("data", "tensor '" + name + "' of " + type + " with "
                    + elementCount(shape) + " elements takes " + size + " bytes, got " + data.remaining());
        }
        ByteBuffer bytes = data.slice();
        tensors.put(name, new Tensor(name, type, shape.clone(), size, out -> {
            ByteBuffer b = bytes.duplicate();
            if (b.hasArray()) {
                out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                return;
            }
            byte[] chunk = new byte[(int) Math.min(b.remaining(), 1 << 20)];
            while (b.hasRemaining()) {
                int n = Math.min(chunk.length, b.remaining());
                b.get(chunk, 0, n);
                out.write(chunk, 0, n);
            }
        }));
        return this;
    }

    /**
     * Adds a tensor whose bytes ({@code type}'s layout, {@code type.byteSize(elements)} of them)
     * {@code data} writes when the file is written: nothing is held in memory meanwhile. Writing
     * fails with INVALID_ARGUMENT if it writes a different number of bytes.
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, TensorBytes data) {
        Objects.requireNonNull(data, "data");
        long size = checkTensor(name, type, shape);
        tensors.put(name, new Tensor(name, type, shape.clone(), size, data));
        return this;
    }

    /** Number of tensors added so far. */
    public int tensorCount() {
        return tensors.size();
    }

    /** Bytes of tensor data added so far (without padding). */
    public long tensorBytes() {
        return tensors.values().stream().mapToLong(Tensor::size).sum();
    }

    private static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    // Validates name, shape and type; returns the data size in bytes.
    private long checkTensor(String name, GgmlType type, long[] shape) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(shape, "shape");
        if (tensors.containsKey(name)) {
            throw AtelierException.invalidArgument("name", "tensor '" + name + "' is already added");
        }
        if (shape.length > GgufHeaderReader.MAX_DIMS) {
            throw AtelierException.invalidArgument("shape", "a tensor has at most " + GgufHeaderReader.MAX_DIMS + " dimensions");
        }
        long elements = 1;
        for (long d : shape) {
            if (d < 0) {
                throw AtelierException.invalidArgument("shape", "negative dimension in tensor '" + name + "'");
            }
            try {
                elements = Math.multiplyExact(elements, d);
            } catch (ArithmeticException e) {
                throw AtelierException.invalidArgument("shape", "tensor '" + name + "' has more than 2^63 elements");
            }
        }
        if (shape.length > 0 && shape[0] % type.blockSize() != 0) {
            throw AtelierException.invalidArgument("shape", "tensor '" + name + "': rows of " + shape[0]
                    + " elements are not whole " + type + " blocks of " + type.blockSize());
        }
        return type.byteSize(elements);
    }

    /** Adds a tensor from floats, encoded as {@code type} (F32, F16, BF16, Q8_0, Q4_0 or Q4_1). */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, float[] values) {
        return addTensor(name, type, shape, ByteBuffer.wrap(Quantize.quantize(type, values)));
    }

    /** The whole file. */
    public byte[] toByteArray() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the file to {@code path} through a temporary file, so a reader never sees half a file. */
    public void write(Path path) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".gguf-", ".tmp");
        try {
            // A temporary file is private (0600); the model file is as readable as any other file.
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writeTo(out);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes the file to {@code out} (not closed). */
    public void writeTo(OutputStream out) throws IOException {
        Sink sink = new Sink(out);
        sink.u32(GgufHeaderReader.MAGIC);
        sink.u32(version);
        sink.u64(tensors.size());
        sink.u64(metadata.size());
        for (Map.Entry<String, GgufValue> e : metadata.entrySet()) {
            sink.string(e.getKey());
            sink.u32(e.getValue().type().id());
            sink.value(e.getValue());
        }
        int alignment = alignment();
        long offset = 0;
        for (Tensor t : tensors.values()) {
            sink.string(t.name);
            sink.u32(t.shape.length);
            for (long d : t.shape) {
                sink.u64(d);
            }
            sink.u32(t.type.id());
            sink.u64(offset);
            offset = GgufHeaderReader.align(offset + t.size, alignment);
        }
        if (tensors.isEmpty()) {
            sink.flush();
            return;
        }
        sink.padTo(alignment);
        for (Tensor t : tensors.values()) {
            long before = sink.position();
            t.data.writeTo(sink.asStream());
            long written = sink.position() - before;
            if (written != t.size) {
                throw AtelierException.invalidArgument("data", "tensor '" + t.name + "' of " + t.type + " takes "
                        + t.size + " bytes, its writer wrote " + written);
            }
            sink.padTo(alignment);
        }
        sink.flush();
    }

    private int alignment() {
        GgufValue a = metadata.get(GgufHeaderReader.ALIGNMENT_KEY);
        return a == null ? GgufHeaderReader.DEFAULT_ALIGNMENT : (Integer) a.value();
    }

    /** Little-endian output that counts what it wrote, for padding. */
    private static final class Sink {
        private final OutputStream out;
        private final ByteBuffer scratch = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private long written;
        private final OutputStream stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                u8(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len >= scratch.capacity()) { // large writes go straight through
                    Sink.this.flush();
                    out.write(b, off, len);
                    written += len;
                    return;
                }
                bytes(ByteBuffer.wrap(b, off, len));
            }
        };

        Sink(OutputStream out) {
            this.out = out;
        }

        /** This sink as a stream; closing it does nothing. */
        OutputStream asStream() {
            return stream;
        }

        private void room(int n) throws IOException {
            if (scratch.remaining() < n) {
                flush();
            }
        }

        void flush() throws IOException {
            out.write(scratch.array(), 0, scratch.position());
            written += scratch.position();
            scratch.clear();
        }

        long position() {
            return written + scratch.position();
        }

        void u8(int v) throws IOException {
            room(1);
            scratch.put((byte) v);
        }

        void u16(int v) throws IOException {
            room(2);
            scratch.putShort((short) v);
        }

        void u32(int v) throws IOException {
            room(4);
            scratch.putInt(v);
        }

        void u64(long v) throws IOException {
            room(8);
            scratch.putLong(v);
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            bytes(ByteBuffer.wrap(b));
        }

        void bytes(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                room(1);
                int n = Math.min(b.remaining(), scratch.remaining());
                scratch.put(scratch.position(), b, b.position(), n);
                scratch.position(scratch.position() + n);
                b.position(b.position() + n);
            }
        }

        void padTo(int alignment) throws IOException {
            long pad = GgufHeaderReader.align(position(), alignment) - position();
            for (long i = 0; i < pad; i++) {
                u8(0);
            }
        }

        void value(GgufValue v) throws IOException {
            switch (v.type()) {
                case UINT8, INT8 -> u8((Byte) v.value());
                case UINT16, INT16 -> u16((Short) v.value());
                case UINT32, INT32 -> u32((Integer) v.value());
                case UINT64, INT64 -> u64((Long) v.value());
                case FLOAT32 -> u32(Float.floatToRawIntBits((Float) v.value()));
                case FLOAT64 -> u64(Double.doubleToRawLongBits((Double) v.value()));
                case BOOL -> u8((Boolean) v.value() ? 1 : 0);
                case STRING -> string((String) v.value());
                case ARRAY -> array(v);
            }
        }

        private void array(GgufValue v) throws IOException {
            u32(v.elementType().id());
            u64(v.length());
            switch (v.value()) {
                case byte[] a -> bytes(ByteBuffer.wrap(a));
                case short[] a -> {
                    for (short x : a) {
                        u16(x);
                    }
                }
                case int[] a -> {
                    for (int x : a) {
                        u32(x);
                    }
                }
                case long[] a -> {
                    for (long x : a) {
                        u64(x);
                    }
                }
                case float[] a -> {
                    for (float x : a) {
                        u32(Float.floatToRawIntBits(x));
                    }
                }
                case double[] a -> {
                    for (double x : a) {
                        u64(Double.doubleToRawLongBits(x));
                    }
                }
                case boolean[] a -> {
                    for (boolean x : a) {
                        u8(x ? 1 : 0);
                    }
                }
                case String[] a -> {
                    for (String x : a) {
                        string(x);
                    }
                }
                case GgufValue[] a -> {
                    for (GgufValue x : a) {
                        array(x);
                    }
                }
                default -> throw new AssertionError(v.value().getClass());
            }
        }
    }
}
