package dev.atelier.text.safetensors;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.ModelIntegrityException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Hugging Face safetensors file: an 8-byte little-endian header length, a JSON header naming
 * each tensor's dtype, shape and byte range, then the raw little-endian data. The header is read
 * and every range checked against the file when it is opened; data is memory-mapped, in windows
 * for files past 2 GiB, and handed out without copying.
 *
 * <p>Problems with the file are {@link ModelIntegrityException}s (UNAVAILABLE) naming the file and
 * what is wrong. Instances are immutable and thread-safe.
 */
public final class SafetensorsFile {

    private final Origin origin;
    private final Source source;
    private final long dataStart;
    private final List<SafetensorsTensor> tensors;
    private final Map<String, SafetensorsTensor> byName = new LinkedHashMap<>();
    private final Map<String, String> metadata;

    /** Names a file in errors: the model (folder or file stem) and file name, the path for logs. */
    record Origin(String model, String file, Path path) {
        ModelIntegrityException corrupt(String problem) {
            return new ModelIntegrityException(model, file, path, "is not a valid safetensors file: " + problem);
        }

        ModelIntegrityException unusable(String problem) {
            return new ModelIntegrityException(model, file, path, problem);
        }

        static Origin of(Path path) {
            Path name = path.getFileName();
            String file = name == null ? path.toString() : name.toString();
            Path parent = path.toAbsolutePath().getParent();
            String model = parent != null && parent.getFileName() != null ? parent.getFileName().toString()
                    : file.replaceFirst("\\.safetensors$", "");
            return new Origin(model, file, path);
        }
    }

    private SafetensorsFile(Origin origin, Source source) {
        this.origin = origin;
        this.source = source;
        long size = source.size();
        if (size < 8) {
            throw origin.corrupt("file is " + size + " bytes long, too short for the header length");
        }
        long headerLength = source.head(0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (headerLength < 2 || headerLength > SafetensorsHeader.MAX_HEADER_BYTES || headerLength > size - 8) {
            throw origin.corrupt("header length " + Long.toUnsignedString(headerLength) + " at offset 0 is impossible"
                    + " (file of " + size + " bytes, headers of at most " + SafetensorsHeader.MAX_HEADER_BYTES + ")");
        }
        byte[] json = new byte[(int) headerLength];
        source.head(8, (int) headerLength).get(json);
        if (json[0] != '{') {
            throw origin.corrupt("header does not start with '{'");
        }
        this.dataStart = 8 + headerLength;
        SafetensorsHeader.Parsed parsed = SafetensorsHeader.parse(json, size - dataStart, origin::corrupt);
        this.tensors = parsed.tensors();
        this.metadata = Map.copyOf(parsed.metadata());
        for (SafetensorsTensor t : tensors) {
            byName.put(t.name(), t);
        }
    }

    /** Maps and checks the file at {@code path}; a missing or unreadable file is UNAVAILABLE too. */
    public static SafetensorsFile open(Path path) {
        Objects.requireNonNull(path, "path");
        Origin origin = Origin.of(path);
        if (Files.isDirectory(path)) {
            throw origin.unusable("is a folder, not a safetensors file");
        }
        try {
            return new SafetensorsFile(origin, new MappedSource(path));
        } catch (NoSuchFileException e) {
            throw new ModelIntegrityException(origin.model(), origin.file(), path, "is missing", e);
        } catch (java.io.UncheckedIOException e) {
            throw new ModelIntegrityException(origin.model(), origin.file(), path, "cannot be read: " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new ModelIntegrityException(origin.model(), origin.file(), path, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** Parses a safetensors file held in memory (position to limit); {@code name} names it in errors. */
    public static SafetensorsFile read(ByteBuffer bytes, String name) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(name, "name");
        return new SafetensorsFile(new Origin(name.replaceFirst("\\.safetensors$", ""), name, null),
                new BufferSource(bytes.slice().order(ByteOrder.LITTLE_ENDIAN)));
    }

    /** The tensors in header order. */
    public List<SafetensorsTensor> tensors() {
        return tensors;
    }

    public Optional<SafetensorsTensor> tensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The tensor called {@code name}; its absence is UNAVAILABLE. */
    public SafetensorsTensor requireTensor(String name) {
        SafetensorsTensor t = byName.get(name);
        if (t == null) {
            throw origin.unusable("has no tensor " + SafetensorsHeader.quote(name));
        }
        return t;
    }

    /** The {@code __metadata__} strings of the header. */
    public Map<String, String> metadata() {
        return metadata;
    }

    public long fileSize() {
        return source.size();
    }

    /** A read-only little-endian view of {@code length} bytes of the tensor's data from {@code byteOffset} (no copy). */
    public ByteBuffer data(SafetensorsTensor tensor, long byteOffset, int length) {
        SafetensorsTensor t = own(tensor);
        if (byteOffset < 0 || length < 0 || byteOffset > t.byteSize() - length) {
            throw AtelierException.invalidArgument("byteOffset", "bytes " + byteOffset + ".." + (byteOffset + length)
                    + " are outside tensor " + SafetensorsHeader.quote(t.name()) + " (" + t.byteSize() + " bytes)");
        }
        try {
            return source.region(dataStart + t.begin() + byteOffset, length).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new ModelIntegrityException(origin.model(), origin.file(), origin.path(), "cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes {@code count} elements from element {@code first} of an F32, F16 or BF16 tensor into
     * {@code dst[dstOffset..]}; other dtypes are UNAVAILABLE (the model cannot be used as is).
     */
    public void readFloats(SafetensorsTensor tensor, long first, int count, float[] dst, int dstOffset) {
        SafetensorsTensor t = own(tensor);
        if (!t.dtype().isReadable()) {
            throw origin.unusable("has tensor " + SafetensorsHeader.quote(t.name()) + " of dtype " + t.dtype()
                    + "; only F32, F16 and BF16 tensors can be read");
        }
        Objects.checkFromIndexSize(dstOffset, count, dst.length);
        if (first < 0 || first > t.elementCount() - count) {
            throw AtelierException.invalidArgument("first", "elements " + first + ".." + (first + count)
                    + " are outside tensor " + SafetensorsHeader.quote(t.name()) + " (" + t.elementCount() + ")");
        }
        int size = t.dtype().bytes();
        if ((long) count * size > Integer.MAX_VALUE - 8) {
            throw AtelierException.invalidArgument("count", count + " elements of " + t.dtype()
                    + " are more than one buffer can view: read them in parts");
        }
        ByteBuffer b = data(t, first * size, count * size);
        switch (t.dtype()) {
            case F32 -> b.asFloatBuffer().get(dst, dstOffset, count);
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = Float.float16ToFloat(b.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOffset + i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16);
                }
            }
            default -> throw new AssertionError(t.dtype());
        }
    }

    /** The whole tensor as floats (a copy); its element count must fit an array. */
    public float[] readFloats(SafetensorsTensor tensor) {
        SafetensorsTensor t = own(tensor);
        long n = t.elementCount();
        if (t.byteSize() > Integer.MAX_VALUE - 8) {
            throw AtelierException.invalidArgument("tensor", "tensor " + SafetensorsHeader.quote(tensor.name())
                    + " has " + t.byteSize() + " bytes, more than one buffer can view: read it in parts");
        }
        float[] out = new float[(int) n];
        readFloats(tensor, 0, (int) n, out, 0);
        return out;
    }

    private SafetensorsTensor own(SafetensorsTensor tensor) {
        Objects.requireNonNull(tensor, "tensor");
        if (!tensor.equals(byName.get(tensor.name()))) {
            throw AtelierException.invalidArgument("tensor", "tensor " + SafetensorsHeader.quote(tensor.name())
                    + " is not one of this file's tensors");
        }
        return tensor;
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + origin.file() + ", " + tensors.size() + " tensors]";
    }

    /** The file's bytes. */
    private interface Source {
        long size();

        /** Bytes at the start of the file (already bounds-checked against the size). */
        ByteBuffer head(long offset, int length);

        ByteBuffer region(long offset, int length) throws IOException;
    }

    private record BufferSource(ByteBuffer bytes) implements Source {
        public long size() {
            return bytes.capacity();
        }

        public ByteBuffer head(long offset, int length) {
            return bytes.slice((int) offset, length);
        }

        public ByteBuffer region(long offset, int length) {
            return bytes.slice((int) offset, length).asReadOnlyBuffer();
        }
    }

    /**
     * A file mapped in windows of {@link #WINDOW} bytes starting every {@link #STRIDE} bytes, so any
     * region up to {@code WINDOW - STRIDE} long lies inside one window; longer regions get a mapping
     * of their own. Windows are mapped on first use and kept (mappings cost address space, not memory).
     */
    private static final class MappedSource implements Source {
        static final long WINDOW = 1L << 30;
        static final long STRIDE = 1L << 29;

        private final Path path;
        private final long size;
        private final ByteBuffer[] windows;

        MappedSource(Path path) throws IOException {
            this.path = path;
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                this.size = ch.size();
            }
            this.windows = new ByteBuffer[(int) Math.max(1, (size + STRIDE - 1) / STRIDE)];
        }

        public long size() {
            return size;
        }

        public ByteBuffer head(long offset, int length) {
            try {
                return region(offset, length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        public ByteBuffer region(long offset, int length) throws IOException {
            if (length > WINDOW - STRIDE) {
                return map(offset, length);
            }
            int w = (int) (offset / STRIDE);
            ByteBuffer window;
            synchronized (windows) {
                window = windows[w];
                if (window == null) {
                    long start = w * STRIDE;
                    window = windows[w] = map(start, (int) Math.min(WINDOW, size - start));
                }
            }
            return window.slice((int) (offset - w * STRIDE), length).order(ByteOrder.LITTLE_ENDIAN);
        }

        private ByteBuffer map(long offset, int length) throws IOException {
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                return ch.map(FileChannel.MapMode.READ_ONLY, offset, length).asReadOnlyBuffer();
            }
        }
    }
}
