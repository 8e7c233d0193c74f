package dev.atelier.text.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes of a GGUF: a memory-mapped file or a buffer. A {@code ByteBuffer} indexes with an
 * int, so a file over 2 GiB is mapped in pieces: the first 2 GiB for the header, and each
 * requested region on its own.
 */
abstract sealed class GgufSource {

    /** Largest region one buffer can hold. */
    static final int MAX_REGION = Integer.MAX_VALUE - 8;

    abstract long size();

    /** The first {@code min(size, MAX_REGION)} bytes, little-endian, position 0. */
    abstract ByteBuffer head();

    /** A read-only little-endian view of {@code length} bytes at {@code offset} (in bounds). */
    abstract ByteBuffer region(long offset, int length);

    static GgufSource of(ByteBuffer bytes) {
        return new InMemory(bytes.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }

    static GgufSource map(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ch.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(size, MAX_REGION));
            return new Mapped(path, size, head.order(ByteOrder.LITTLE_ENDIAN));
        }
    }

    private static final class InMemory extends GgufSource {
        private final ByteBuffer bytes;

        InMemory(ByteBuffer bytes) {
            this.bytes = bytes;
        }

        @Override
        long size() {
            return bytes.capacity();
        }

        @Override
        ByteBuffer head() {
            return bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        ByteBuffer region(long offset, int length) {
            return bytes.slice((int) offset, length).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private static final class Mapped extends GgufSource {
        private final Path path;
        private final long size;
        private final ByteBuffer head;

        Mapped(Path path, long size, ByteBuffer head) {
            this.path = path;
            this.size = size;
            this.head = head;
        }

        @Override
        long size() {
            return size;
        }

        @Override
        ByteBuffer head() {
            return head.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        ByteBuffer region(long offset, int length) {
            if (offset + length <= head.capacity()) {
                return head.slice((int) offset, length).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
            }
            // Past the first mapping: map just this region (mappings live until garbage collected).
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                return ch.map(FileChannel.MapMode.READ_ONLY, offset, length).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
