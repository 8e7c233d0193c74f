package dev.atelier.vision.mnist;

import dev.atelier.core.error.AtelierException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader for the IDX format of MNIST (LeCun's files, plain or gzip): a big-endian magic
 * {@code 0x000008DD} where DD is the number of dimensions, then one int32 per dimension, then
 * unsigned bytes in row-major order. Only the unsigned-byte element type (0x08) is accepted, which
 * is all MNIST uses. Sizes are checked against {@link #MAX_ELEMENTS} before anything is allocated,
 * so a corrupt header cannot ask for gigabytes.
 */
public final class IdxFile {

    /** Largest element count accepted: MNIST's training images are 47 M. */
    public static final long MAX_ELEMENTS = 256L << 20;

    private final int[] dims;
    private final byte[] data;

    private IdxFile(int[] dims, byte[] data) {
        this.dims = dims;
        this.data = data;
    }

    /** The dimensions, outermost first (e.g. {@code [60000, 28, 28]}). */
    public int[] dims() {
        return dims.clone();
    }

    /** The elements, unsigned bytes in row-major order (read them with {@code b & 0xff}). */
    public byte[] data() {
        return data;
    }

    /** Reads a file; a name ending in {@code .gz} is decompressed. */
    public static IdxFile read(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = file.getFileName().toString().endsWith(".gz")
                    ? new GZIPInputStream(raw, 1 << 16) : raw;
            return read(in);
        } catch (IOException e) {
            throw AtelierException.invalidArgument("file",
                    "cannot read IDX file " + AtelierException.quote(file.getFileName().toString()) + ": " + e.getMessage());
        }
    }

    /** Reads an uncompressed IDX stream. */
    public static IdxFile read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        int magic = in.readInt();
        if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != 0x08) {
            throw AtelierException.invalidArgument("file",
                    String.format("not an unsigned-byte IDX file (magic 0x%08x)", magic));
        }
        int rank = magic & 0xff;
        if (rank < 1 || rank > 4) {
            throw AtelierException.invalidArgument("file", "IDX rank " + rank + " is outside 1..4");
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readInt();
            if (dims[i] <= 0) {
                throw AtelierException.invalidArgument("file", "IDX dimension " + i + " is " + dims[i]);
            }
            count *= dims[i];
            if (count > MAX_ELEMENTS) {
                throw AtelierException.invalidArgument("file", "IDX file declares more than " + MAX_ELEMENTS + " elements");
            }
        }
        byte[] data = new byte[(int) count];
        try {
            in.readFully(data);
        } catch (EOFException e) {
            throw AtelierException.invalidArgument("file", "IDX file is truncated: expected " + count + " data bytes");
        }
        return new IdxFile(dims, data);
    }
}
