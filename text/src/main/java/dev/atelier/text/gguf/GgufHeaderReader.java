package dev.atelier.text.gguf;

import dev.atelier.text.tensor.GgmlType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the header of a GGUF (magic, version, metadata, tensor infos) and checks every size
 * and offset against the file before using it, so that a corrupt or truncated file fails with a
 * message naming the field and its offset, and no count read from the file can make us allocate
 * more than the file itself holds.
 */
final class GgufHeaderReader {

    static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
    static final int DEFAULT_ALIGNMENT = 32;
    static final String ALIGNMENT_KEY = "general.alignment";
    static final int MAX_DIMS = 4;
    private static final int MAX_ARRAY_NESTING = 8;
    /**
     * Most strings (or nested arrays) one metadata array may hold. Each costs some 40 bytes of heap
     * for 8 bytes of file, so without a cap a 2 GiB header of empty strings would need ~10 GiB of
     * heap; real vocabularies and merge lists stay below a few million entries.
     */
    static final int MAX_OBJECT_ARRAY_LENGTH = 1 << 24;
    // Smallest encodings: a key-value pair (empty key, a u8 value) and a tensor info (empty name, no dims).
    private static final int MIN_KV_BYTES = 8 + 4 + 1;
    private static final int MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8;

    record Header(int version, Map<String, GgufValue> metadata, List<GgufTensorInfo> tensors, int alignment, long dataOffset) {
    }

    private final ByteBuffer buf;
    private final long fileSize;
    private final GgufOrigin origin;
    private int pos;

    private GgufHeaderReader(ByteBuffer head, long fileSize, GgufOrigin origin) {
        this.buf = head;
        this.fileSize = fileSize;
        this.origin = origin;
    }

    static Header read(GgufSource source, GgufOrigin origin) {
        return new GgufHeaderReader(source.head(), source.size(), origin).header();
    }

    private Header header() {
        if (fileSize < 4) {
            throw origin.corrupt("file is " + fileSize + " bytes long, too short for the GGUF magic");
        }
        int magic = buf.getInt(0);
        if (magic != MAGIC) {
            throw origin.corrupt("bad magic at offset 0: expected 'GGUF', found " + hexBytes(0, 4));
        }
        pos = 4;
        int version = readI32("version");
        if (version != 2 && version != 3) {
            if (Integer.reverseBytes(version) == 2 || Integer.reverseBytes(version) == 3) {
                throw origin.corrupt("big-endian GGUF files are not supported (version field at offset 4 is byte-swapped)");
            }
            throw origin.corrupt("unsupported GGUF version " + Integer.toUnsignedString(version)
                    + " at offset 4 (supported: 2 and 3)");
        }
        long tensorCount = readCount("tensor count", MIN_TENSOR_INFO_BYTES);
        long kvCount = readCount("metadata key-value count", MIN_KV_BYTES);

        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            int keyAt = pos;
            String key = readString("key of metadata entry " + i);
            if (metadata.containsKey(key)) {
                throw origin.corrupt("duplicate metadata key " + GgufOrigin.quote(key) + " at offset " + keyAt);
            }
            String what = "metadata key " + GgufOrigin.quote(key);
            GgufValueType type = readValueType(what + " (type)");
            metadata.put(key, readValue(type, what, 0));
        }

        int alignment = alignment(metadata.get(ALIGNMENT_KEY));

        List<GgufTensorInfo> tensors = new ArrayList<>((int) tensorCount);
        Set<String> names = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            GgufTensorInfo t = readTensorInfo(i, alignment);
            if (!names.add(t.name())) {
                throw origin.corrupt("duplicate tensor name " + GgufOrigin.quote(t.name()));
            }
            tensors.add(t);
        }

        long dataOffset = align(pos, alignment);
        for (GgufTensorInfo t : tensors) {
            long available = fileSize - dataOffset;
            if (t.offset() > available || t.byteSize() > available - t.offset()) {
                throw origin.corrupt("data of tensor " + GgufOrigin.quote(t.name()) + " (" + t.byteSize()
                        + " bytes at data offset " + t.offset() + ", file offset " + (dataOffset + t.offset())
                        + ") extends past the end of the file (" + fileSize + " bytes): truncated?");
            }
        }
        checkNoOverlap(tensors);
        return new Header(version, metadata, List.copyOf(tensors), alignment, dataOffset);
    }

    /** Two tensors sharing bytes would let a write through one view corrupt the other: refused. */
    private void checkNoOverlap(List<GgufTensorInfo> tensors) {
        List<GgufTensorInfo> byOffset = new ArrayList<>(tensors);
        byOffset.removeIf(t -> t.byteSize() == 0);
        byOffset.sort(Comparator.comparingLong(GgufTensorInfo::offset));
        for (int i = 1; i < byOffset.size(); i++) {
            GgufTensorInfo before = byOffset.get(i - 1);
            GgufTensorInfo t = byOffset.get(i);
            if (t.offset() < before.offset() + before.byteSize()) {
                throw origin.corrupt("data of tensor " + GgufOrigin.quote(t.name()) + " (data offset " + t.offset()
                        + ") overlaps that of tensor " + GgufOrigin.quote(before.name()) + " (" + before.byteSize()
                        + " bytes at data offset " + before.offset() + ")");
            }
        }
    }

    private int alignment(GgufValue value) {
        if (value == null) {
            return DEFAULT_ALIGNMENT;
        }
        if (value.type() != GgufValueType.UINT32) {
            throw origin.corrupt(ALIGNMENT_KEY + " must be a UINT32, found " + value.type());
        }
        int a = (Integer) value.value();
        if (a <= 0 || Integer.bitCount(a) != 1) {
            throw origin.corrupt(ALIGNMENT_KEY + " must be a power of two, found " + Integer.toUnsignedString(a));
        }
        return a;
    }

    private GgufTensorInfo readTensorInfo(long index, int alignment) {
        int at = pos;
        String name = readString("name of tensor info " + index);
        String what = "tensor " + GgufOrigin.quote(name);
        int nDims = readI32(what + " (dimension count)");
        if (nDims < 0 || nDims > MAX_DIMS) {
            throw origin.corrupt(what + " at offset " + at + " has " + Integer.toUnsignedString(nDims)
                    + " dimensions (at most " + MAX_DIMS + ")");
        }
        long[] shape = new long[nDims];
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            int dimAt = pos;
            shape[d] = readI64(what + " (dimension " + d + ")");
            if (shape[d] < 0) {
                throw origin.corrupt(what + " has negative dimension " + d + " = " + shape[d] + " at offset " + dimAt);
            }
            try {
                elements = Math.multiplyExact(elements, shape[d]);
            } catch (ArithmeticException e) {
                throw origin.corrupt(what + " has an element count past 2^63 (shape dimension " + d + " at offset " + dimAt + ")");
            }
        }
        int typeAt = pos;
        int typeId = readI32(what + " (type)");
        GgmlType type = GgmlType.byId(typeId).orElseThrow(() -> origin.corrupt(
                what + " has unknown ggml type id " + typeId + " at offset " + typeAt));
        if (nDims > 0 && shape[0] % type.blockSize() != 0) {
            throw origin.corrupt(what + " has rows of " + shape[0] + " elements, not a multiple of the "
                    + type + " block size " + type.blockSize());
        }
        if (elements % type.blockSize() != 0) {
            throw origin.corrupt(what + " has " + elements + " elements, not a multiple of the "
                    + type + " block size " + type.blockSize());
        }
        if (elements / type.blockSize() > Long.MAX_VALUE / type.blockBytes()) {
            throw origin.corrupt(what + " is larger than 2^63 bytes");
        }
        long byteSize = type.byteSize(elements);
        int offsetAt = pos;
        long offset = readI64(what + " (data offset)");
        if (offset < 0 || offset % alignment != 0) {
            throw origin.corrupt(what + " has data offset " + Long.toUnsignedString(offset) + " at offset " + offsetAt
                    + ", not a multiple of the alignment " + alignment);
        }
        return new GgufTensorInfo(name, shape, type, offset, byteSize);
    }

    private GgufValueType readValueType(String what) {
        int at = pos;
        int id = readI32(what);
        return GgufValueType.byId(id).orElseThrow(() -> origin.corrupt(
                what + " has unknown value type id " + id + " at offset " + at));
    }

    private GgufValue readValue(GgufValueType type, String what, int depth) {
        return switch (type) {
            case UINT8 -> GgufValue.uint8(readU8(what));
            case INT8 -> GgufValue.int8((byte) readU8(what));
            case UINT16 -> new GgufValue(type, null, (short) readU16(what));
            case INT16 -> new GgufValue(type, null, (short) readU16(what));
            case UINT32, INT32 -> new GgufValue(type, null, readI32(what));
            case UINT64, INT64 -> new GgufValue(type, null, readI64(what));
            case FLOAT32 -> GgufValue.float32(Float.intBitsToFloat(readI32(what)));
            case FLOAT64 -> GgufValue.float64(Double.longBitsToDouble(readI64(what)));
            case BOOL -> GgufValue.bool(readU8(what) != 0);
            case STRING -> GgufValue.string(readString(what));
            case ARRAY -> readArray(what, depth);
        };
    }

    private GgufValue readArray(String what, int depth) {
        if (depth >= MAX_ARRAY_NESTING) {
            throw origin.corrupt(what + " nests arrays more than " + MAX_ARRAY_NESTING + " deep at offset " + pos);
        }
        GgufValueType element = readValueType(what + " (array element type)");
        int lengthAt = pos;
        int n = (int) readCount(what + " (array length)", element.minBytes());
        if ((element == GgufValueType.STRING || element == GgufValueType.ARRAY) && n > MAX_OBJECT_ARRAY_LENGTH) {
            throw origin.corrupt(what + " has " + n + " elements at offset " + lengthAt + ", more than the "
                    + MAX_OBJECT_ARRAY_LENGTH + " supported for an array of " + element);
        }
        Object values = switch (element) {
            case UINT8, INT8, BOOL -> {
                need(n, what);
                byte[] a = new byte[n];
                buf.get(pos, a);
                pos += n;
                if (element != GgufValueType.BOOL) {
                    yield a;
                }
                boolean[] b = new boolean[n];
                for (int i = 0; i < n; i++) {
                    b[i] = a[i] != 0;
                }
                yield b;
            }
            case UINT16, INT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) readU16(what);
                }
                yield a;
            }
            case UINT32, INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readI32(what);
                }
                yield a;
            }
            case UINT64, INT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readI64(what);
                }
                yield a;
            }
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = Float.intBitsToFloat(readI32(what));
                }
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = Double.longBitsToDouble(readI64(what));
                }
                yield a;
            }
            case STRING -> {
                String[] a = new String[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readString(what + " (element " + i + ")");
                }
                yield a;
            }
            case ARRAY -> {
                GgufValue[] a = new GgufValue[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readArray(what + " (element " + i + ")", depth + 1);
                }
                yield a;
            }
        };
        return GgufValue.array(element, values);
    }

    /** A u64/i64 count of items, each at least {@code minItemBytes} long: rejected unless the rest of the file could hold them. */
    private long readCount(String what, int minItemBytes) {
        int at = pos;
        long count = readI64(what);
        long remaining = buf.limit() - pos;
        if (count < 0 || count > remaining / minItemBytes) {
            throw origin.corrupt(what + " " + Long.toUnsignedString(count) + " at offset " + at
                    + " is impossible: only " + remaining + " bytes follow");
        }
        return count;
    }

    private String readString(String what) {
        int at = pos;
        long len = readI64(what + " (string length)");
        long remaining = buf.limit() - pos;
        if (len < 0 || len > remaining) {
            throw truncatedOr(what + " has string length " + Long.toUnsignedString(len) + " at offset " + at
                    + " but only " + remaining + " bytes follow");
        }
        byte[] b = new byte[(int) len];
        buf.get(pos, b);
        pos += (int) len;
        return new String(b, StandardCharsets.UTF_8);
    }

    private int readU8(String what) {
        need(1, what);
        return buf.get(pos++) & 0xFF;
    }

    private int readU16(String what) {
        need(2, what);
        int v = buf.getShort(pos) & 0xFFFF;
        pos += 2;
        return v;
    }

    private int readI32(String what) {
        need(4, what);
        int v = buf.getInt(pos);
        pos += 4;
        return v;
    }

    private long readI64(String what) {
        need(8, what);
        long v = buf.getLong(pos);
        pos += 8;
        return v;
    }

    private void need(long n, String what) {
        if (n > buf.limit() - pos) {
            throw truncatedOr("truncated at offset " + pos + " while reading " + what + " (" + n + " bytes needed, "
                    + (buf.limit() - pos) + " left)");
        }
    }

    private RuntimeException truncatedOr(String message) {
        if (buf.limit() < fileSize) {
            return origin.corrupt("header larger than " + GgufSource.MAX_REGION + " bytes is not supported; " + message);
        }
        return origin.corrupt(message);
    }

    private String hexBytes(int from, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            sb.append(String.format("%02x", buf.get(i) & 0xFF));
        }
        return "0x" + sb;
    }

    static long align(long offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }
}
