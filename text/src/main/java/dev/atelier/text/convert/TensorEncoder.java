package dev.atelier.text.convert;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.Progress;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.tensor.GgmlType;
import dev.atelier.text.tensor.Quantize;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Streams a tensor into a GGUF being written: rows of floats come from a {@link RowSource} a
 * chunk at a time (about {@value #CHUNK_VALUES} values), are encoded as the target ggml type on
 * all cores, and are written in order. Only one chunk of floats and bytes is in memory at a time,
 * so a multi-GB model is never held whole.
 */
public final class TensorEncoder {

    /** Values per chunk: 4 MiB of floats. */
    static final int CHUNK_VALUES = 1 << 20;

    /** Fills {@code dst[0 .. rows * rowLength)} with rows {@code firstRow ..} of the tensor. */
    @FunctionalInterface
    public interface RowSource {
        /**
         * Called from several threads at once for different row ranges; implementations must not
         * share mutable state between calls.
         */
        void read(long firstRow, int rows, float[] dst);
    }

    private TensorEncoder() {
    }

    /**
     * The bytes of a {@code rows × rowLength} tensor of {@code type} read from {@code source}, to
     * pass to {@link GgufWriter#addTensor(String, GgmlType, long[], GgufWriter.TensorBytes)};
     * {@code progress} (may be null) advances by the bytes written.
     */
    public static GgufWriter.TensorBytes bytes(GgmlType type, long rows, int rowLength, RowSource source, Progress progress) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        if (!Quantize.canQuantize(type)) {
            throw AtelierException.invalidArgument("type", "cannot encode tensors as " + type);
        }
        if (rows < 0 || rowLength <= 0 || rowLength % type.blockSize() != 0) {
            throw AtelierException.invalidArgument("rowLength", "rows of " + rowLength + " values are not whole "
                    + type + " blocks of " + type.blockSize());
        }
        return out -> {
            int rowBytes = Math.toIntExact(type.byteSize(rowLength));
            int chunkRows = (int) Math.max(1, Math.min(rows, CHUNK_VALUES / rowLength));
            int parts = Math.max(1, Math.min(chunkRows, Runtime.getRuntime().availableProcessors()));
            float[][] floats = new float[parts][];
            byte[] bytes = new byte[Math.multiplyExact(chunkRows, rowBytes)];
            for (long first = 0; first < rows; first += chunkRows) {
                int n = (int) Math.min(chunkRows, rows - first);
                long chunkStart = first;
                int perPart = (n + parts - 1) / parts;
                IntStream.range(0, parts).parallel().forEach(p -> {
                    int from = p * perPart;
                    int count = Math.min(perPart, n - from);
                    if (count <= 0) {
                        return;
                    }
                    float[] f = floats[p];
                    if (f == null || f.length < count * rowLength) {
                        f = floats[p] = new float[perPart * rowLength];
                    }
                    source.read(chunkStart + from, count, f);
                    Quantize.quantize(type, f, 0, count * rowLength, ByteBuffer.wrap(bytes, from * rowBytes, count * rowBytes));
                });
                out.write(bytes, 0, n * rowBytes);
                if (progress != null) {
                    progress.step((long) n * rowBytes);
                }
            }
        };
    }

    /** Writes {@code bytes} to {@code out}, for tensors copied unchanged; {@code progress} may be null. */
    static GgufWriter.TensorBytes copy(ByteSource bytes, long size, Progress progress) {
        return out -> {
            byte[] chunk = new byte[(int) Math.min(size, 4L * CHUNK_VALUES)];
            for (long at = 0; at < size; at += chunk.length) {
                int n = (int) Math.min(chunk.length, size - at);
                bytes.read(at, chunk, n);
                out.write(chunk, 0, n);
                if (progress != null) {
                    progress.step(n);
                }
            }
        };
    }

    /** Reads {@code n} bytes from offset {@code at} of something into {@code dst}. */
    @FunctionalInterface
    interface ByteSource {
        void read(long at, byte[] dst, int n);
    }
}
