package dev.atelier.text.gguf;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.ModelIntegrityException;
import dev.atelier.text.tensor.Dequantize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A GGUF file (version 2 or 3, little-endian), memory-mapped: the header is parsed and checked
 * when the file is opened, tensor data is handed out as read-only views of the mapping without
 * copying. Files past 2 GiB are supported; a single view is at most 2 GiB, so bigger tensors are
 * read in parts with {@link #tensorData(GgufTensorInfo, long, int)}.
 *
 * <p>Every problem with the file (bad magic, truncation, impossible sizes, unknown types, data
 * past the end) is a {@link ModelIntegrityException} (UNAVAILABLE) whose message names the field
 * and offset at fault. Instances are immutable and safe to share between threads.
 */
public final class GgufFile {

    private final GgufSource source;
    private final GgufOrigin origin;
    private final int version;
    private final GgufMetadata metadata;
    private final List<GgufTensorInfo> tensors;
    private final Map<String, GgufTensorInfo> byName;
    private final int alignment;
    private final long dataOffset;

    private GgufFile(GgufSource source, GgufOrigin origin) {
        this.source = source;
        this.origin = origin;
        GgufHeaderReader.Header h = GgufHeaderReader.read(source, origin);
        this.version = h.version();
        this.metadata = new GgufMetadata(h.metadata(), origin);
        this.tensors = h.tensors();
        this.alignment = h.alignment();
        this.dataOffset = h.dataOffset();
        Map<String, GgufTensorInfo> map = new LinkedHashMap<>();
        for (GgufTensorInfo t : tensors) {
            map.put(t.name(), t);
        }
        this.byName = map;
    }

    /** Maps and parses the file at {@code path}; a missing or unreadable file is UNAVAILABLE too. */
    public static GgufFile open(Path path) {
        Objects.requireNonNull(path, "path");
        GgufOrigin origin = GgufOrigin.of(path);
        GgufSource source;
        try {
            if (Files.isDirectory(path)) {
                throw origin.unusable("is a folder, not a GGUF file");
            }
            source = GgufSource.map(path);
        } catch (NoSuchFileException e) {
            throw new ModelIntegrityException(origin.model(), origin.file(), path, "is missing", e);
        } catch (IOException e) {
            throw new ModelIntegrityException(origin.model(), origin.file(), path, "cannot be read: " + e.getMessage(), e);
        }
        return new GgufFile(source, origin);
    }

    /**
     * Parses a GGUF held in memory (from its position to its limit); {@code name} names it in
     * errors. Tensor views share the buffer.
     */
    public static GgufFile read(ByteBuffer bytes, String name) {
        Objects.requireNonNull(bytes, "bytes");
        return new GgufFile(GgufSource.of(bytes), GgufOrigin.named(Objects.requireNonNull(name, "name")));
    }

    /** The format version, 2 or 3. */
    public int version() {
        return version;
    }

    public GgufMetadata metadata() {
        return metadata;
    }

    /** The tensors in file order. */
    public List<GgufTensorInfo> tensors() {
        return tensors;
    }

    public Optional<GgufTensorInfo> tensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The tensor called {@code name}; its absence is UNAVAILABLE (the model file lacks it). */
    public GgufTensorInfo requireTensor(String name) {
        GgufTensorInfo t = byName.get(name);
        if (t == null) {
            throw origin.unusable("has no tensor " + GgufOrigin.quote(name));
        }
        return t;
    }

    /** Alignment of the data section and of every tensor's data. */
    public int alignment() {
        return alignment;
    }

    /** File offset where the data section starts. */
    public long dataOffset() {
        return dataOffset;
    }

    public long fileSize() {
        return source.size();
    }

    /** A read-only little-endian view of the tensor's data (no copy); at most 2 GiB. */
    public ByteBuffer tensorData(GgufTensorInfo tensor) {
        GgufTensorInfo t = own(tensor);
        if (t.byteSize() > GgufSource.MAX_REGION) {
            throw AtelierException.invalidArgument("tensor", "tensor " + GgufOrigin.quote(t.name()) + " has "
                    + t.byteSize() + " bytes, more than one buffer can view: read it in parts");
        }
        return region(t, 0, (int) t.byteSize());
    }

    /**
     * A read-only little-endian view of {@code length} bytes of the tensor's data from
     * {@code byteOffset} on (no copy); for reading tensors past 2 GiB in parts, e.g. row ranges.
     */
    public ByteBuffer tensorData(GgufTensorInfo tensor, long byteOffset, int length) {
        GgufTensorInfo t = own(tensor);
        if (byteOffset < 0 || length < 0 || byteOffset > t.byteSize() - length) {
            throw AtelierException.invalidArgument("byteOffset", "bytes " + byteOffset + ".." + (byteOffset + length)
                    + " are outside tensor " + GgufOrigin.quote(t.name()) + " (" + t.byteSize() + " bytes)");
        }
        return region(t, byteOffset, length);
    }

    /** The tensor's values decoded to floats (a copy); its element count must fit an array. */
    public float[] readFloats(GgufTensorInfo tensor) {
        GgufTensorInfo t = own(tensor);
        long n = t.elementCount();
        if (n > GgufSource.MAX_REGION) {
            throw AtelierException.invalidArgument("tensor", "tensor " + GgufOrigin.quote(t.name()) + " has "
                    + n + " elements, more than one float array can hold");
        }
        if (!t.type().canDequantize()) {
            throw origin.unusable("has tensor " + GgufOrigin.quote(t.name()) + " of type " + t.type()
                    + ", which cannot be dequantized");
        }
        return Dequantize.toFloat(t.type(), tensorData(t), (int) n);
    }

    private GgufTensorInfo own(GgufTensorInfo tensor) {
        Objects.requireNonNull(tensor, "tensor");
        GgufTensorInfo t = byName.get(tensor.name());
        if (!tensor.equals(t)) {
            throw AtelierException.invalidArgument("tensor", "tensor " + GgufOrigin.quote(tensor.name())
                    + " is not one of this file's tensors");
        }
        return t;
    }

    private ByteBuffer region(GgufTensorInfo t, long byteOffset, int length) {
        try {
            return source.region(dataOffset + t.offset() + byteOffset, length);
        } catch (UncheckedIOException e) {
            throw new ModelIntegrityException(origin.model(), origin.file(), origin.path(),
                    "cannot be read: " + e.getCause().getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "GgufFile[" + origin.file() + ", v" + version + ", " + metadata.keys().size() + " keys, "
                + tensors.size() + " tensors]";
    }
}
