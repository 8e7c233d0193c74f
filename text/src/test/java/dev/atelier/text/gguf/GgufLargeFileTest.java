package dev.atelier.text.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.text.tensor.GgmlType;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file past 2 GiB (sparse: it takes no disk space) with a 2.4 GB tensor and a small one behind
 * it: the header mapping stops at 2 GiB and regions beyond are mapped on demand.
 */
class GgufLargeFileTest {

    @TempDir
    Path tmp;

    @Test
    void readsTensorsBeyondTwoGigabytes() throws IOException {
        // Windows file systems fill the gap with real zeros instead of leaving a hole.
        assumeTrue(!System.getProperty("os.name", "").startsWith("Windows"), "needs sparse files");
        long bigElements = 600_000_000L;
        long bigBytes = bigElements * 4;
        byte[] header = GgufCorruptionTest.header(3, 2, 1)
                .str("general.architecture").u32(8).str("test")
                .str("big").u32(1).u64(bigElements).u32(GgmlType.F32.id()).u64(0)
                .str("tail").u32(1).u64(8).u32(GgmlType.F32.id()).u64(bigBytes)
                .padTo(32).bytes();
        long dataOffset = header.length;
        Path file = tmp.resolve("large.gguf");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(header);
            raf.setLength(dataOffset + bigBytes + 32);
            raf.seek(dataOffset + bigBytes - 16);
            raf.write(floats(1f, 2f, 3f, 4f));
            raf.write(floats(10, 11, 12, 13, 14, 15, 16, 17));
        }
        assumeTrue(Files.size(file) > Integer.MAX_VALUE, "the file system made the file");

        GgufFile f = GgufFile.open(file);
        assertEquals(dataOffset, f.dataOffset());
        GgufTensorInfo big = f.requireTensor("big");
        assertEquals(bigBytes, big.byteSize());
        assertArrayEquals(new float[] {10, 11, 12, 13, 14, 15, 16, 17}, f.readFloats(f.requireTensor("tail")));

        ByteBuffer end = f.tensorData(big, bigBytes - 16, 16);
        assertArrayEquals(new float[] {1, 2, 3, 4}, toFloats(end));
        // A region that straddles the end of the first 2 GiB mapping.
        long straddle = Integer.MAX_VALUE - 8 - dataOffset - 8;
        assertArrayEquals(new float[4], toFloats(f.tensorData(big, straddle, 16)));

        AtelierException e = assertThrows(AtelierException.class, () -> f.tensorData(big));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertThrows(AtelierException.class, () -> f.readFloats(big), "refused before allocating 2.4 GB");
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    private static float[] toFloats(ByteBuffer b) {
        float[] out = new float[b.remaining() / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getFloat(b.position() + 4 * i);
        }
        return out;
    }
}
