package dev.atelier.text.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.core.model.ModelIntegrityException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors reader against DJL's own safetensors codec (NDList.encode/decode) in both
 * directions, against bytes built by hand from the format description, and on broken files.
 */
class SafetensorsFileTest {

    @TempDir
    Path tmp;

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void readsWhatDjlWrites() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = m.create(random(24, 1), new Shape(2, 3, 4));
            a.setName("layer.weight");
            NDArray b = m.create(random(5, 2), new Shape(5)).toType(DataType.FLOAT16, false);
            b.setName("layer.bias");
            byte[] bytes = new NDList(a, b).encode(NDList.Encoding.SAFETENSORS);

            SafetensorsFile f = SafetensorsFile.read(ByteBuffer.wrap(bytes), "djl.safetensors");
            SafetensorsTensor w = f.requireTensor("layer.weight");
            assertEquals(SafetensorsDtype.F32, w.dtype());
            assertArrayEquals(new long[] {2, 3, 4}, w.shape());
            assertArrayEquals(a.toFloatArray(), f.readFloats(w));
            SafetensorsTensor bias = f.requireTensor("layer.bias");
            assertEquals(SafetensorsDtype.F16, bias.dtype());
            assertArrayEquals(b.toType(DataType.FLOAT32, false).toFloatArray(), f.readFloats(bias));
        }
    }

    @Test
    void djlReadsWhatWeWrite() {
        float[] w = random(12, 3);
        float[] h = random(6, 4);
        byte[] bytes = new SafetensorsWriter().metadata("format", "pt")
                .add("w", SafetensorsDtype.F32, new long[] {3, 4}, w)
                .add("h", SafetensorsDtype.F16, new long[] {6}, h).toByteArray();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDList list = NDList.decode(m, bytes);
            NDArray dw = list.get("w");
            assertEquals(new Shape(3, 4), dw.getShape());
            assertArrayEquals(w, dw.toFloatArray());
            NDArray dh = list.get("h");
            assertEquals(DataType.FLOAT16, dh.getDataType());
            float[] expected = new float[h.length];
            for (int i = 0; i < h.length; i++) {
                expected[i] = Float.float16ToFloat(Float.floatToFloat16(h[i]));
            }
            assertArrayEquals(expected, dh.toType(DataType.FLOAT32, false).toFloatArray());
        }
    }

    /** Little-endian header length, JSON, data: as the format description gives it. */
    static byte[] file(String json, byte[] data) {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + j.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(j.length).put(j).put(data).array();
    }

    @Test
    void handBuiltFileWithEveryReadableDtype() {
        ByteBuffer data = ByteBuffer.allocate(4 * 2 + 2 * 2 + 2 * 2 + 8).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(1.5f).putFloat(-2f);
        data.putShort((short) 0x3C00).putShort((short) 0xC000);        // F16 1.0, -2.0
        data.putShort((short) 0x3FC0).putShort((short) 0x4049);        // BF16 1.5, 3.140625
        data.putLong(7);                                               // an I64
        byte[] bytes = file("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[1,2],\"data_offsets\":[8,12]},"
                + "\"c\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[12,16]},"
                + "\"d\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[16,24]}}", data.array());
        SafetensorsFile f = SafetensorsFile.read(ByteBuffer.wrap(bytes), "hand.safetensors");
        assertEquals("pt", f.metadata().get("format"));
        assertArrayEquals(new float[] {1.5f, -2f}, f.readFloats(f.requireTensor("a")));
        assertArrayEquals(new float[] {1f, -2f}, f.readFloats(f.requireTensor("b")));
        assertArrayEquals(new float[] {1.5f, 3.140625f}, f.readFloats(f.requireTensor("c")));
        float[] part = new float[1];
        f.readFloats(f.requireTensor("a"), 1, 1, part, 0);
        assertEquals(-2f, part[0]);
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> f.readFloats(f.requireTensor("d")));
        assertTrue(e.getMessage().contains("dtype I64"), e.getMessage());
        assertEquals(8, f.data(f.requireTensor("d"), 0, 8).remaining());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AtelierException.class,
                () -> f.readFloats(f.requireTensor("a"), 1, 2, new float[2], 0)).code());
    }

    static void assertCorrupt(String json, int dataBytes, String... fragments) {
        assertCorrupt(file(json, new byte[dataBytes]), fragments);
    }

    static void assertCorrupt(byte[] bytes, String... fragments) {
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class,
                () -> SafetensorsFile.read(ByteBuffer.wrap(bytes), "bad.safetensors"));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
        }
    }

    @Test
    void brokenHeadersGiveTypedErrors() {
        assertCorrupt(new byte[3], "too short");
        assertCorrupt(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array(), "header length 1099511627776");
        assertCorrupt(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array(), "18446744073709551615");
        assertCorrupt("[1,2]", 0, "start with '{'");
        assertCorrupt("{\"a\":", 0, "not valid JSON");
        assertCorrupt("{\"a\":1}", 0, "tensor 'a' is not described by an object");
        assertCorrupt("{\"a\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1, "unknown dtype 'Q4'");
        assertCorrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, "outside the data section of 4 bytes");
        assertCorrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "3 elements takes 12 bytes");
        assertCorrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0, "dimension 0 is not a non-negative integer");
        assertCorrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", 8, "more than 2^63");
        assertCorrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904],\"data_offsets\":[0,8]}}", 8, "more than 2^63 bytes");
        assertCorrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "overlaps");
        assertCorrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "Duplicate field 'a'");
        assertCorrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 8, "data_offsets [4, 0]");
        assertCorrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999999]}}", 8, "data_offsets[1]");
        assertCorrupt("{\"__metadata__\":{\"k\":1}}", 0, "__metadata__ entry 'k' is not a string");
        assertCorrupt("{\"a\":{\"dtype\":\"F32\",\"shape\":[1,1,1,1,1,1,1,1,1],\"data_offsets\":[0,4]}}", 4, "at most 8 dimensions");
    }

    @Test
    void everyTruncationAndManyCorruptionsAreTypedOrHarmless() {
        byte[] full = new SafetensorsWriter().add("x", SafetensorsDtype.F32, new long[] {2, 3}, random(6, 5))
                .add("y", SafetensorsDtype.BF16, new long[] {4}, random(4, 6)).toByteArray();
        for (int len = 0; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            assertThrows(ModelIntegrityException.class, () -> SafetensorsFile.read(ByteBuffer.wrap(cut), "cut.safetensors"), "length " + len);
        }
        Random r = new Random(9);
        for (int n = 0; n < 5000; n++) {
            byte[] b = full.clone();
            for (int k = 0; k < 1 + r.nextInt(3); k++) {
                b[r.nextInt(full.length - 8 * 4)] = (byte) r.nextInt(256);
            }
            try {
                SafetensorsFile f = SafetensorsFile.read(ByteBuffer.wrap(b), "flip.safetensors");
                for (SafetensorsTensor t : f.tensors()) {
                    if (t.dtype().isReadable()) {
                        f.readFloats(t);
                    }
                }
            } catch (AtelierException expected) {
                assertTrue(expected.getMessage() != null);
            } catch (RuntimeException | Error e) {
                fail("untyped failure for corruption " + n + ": " + e, e);
            }
        }
    }

    @Test
    void filesPast2GiBAreReadThroughWindows() throws IOException {
        assumeTrue(!System.getProperty("os.name", "").startsWith("Windows"), "needs sparse files");
        long bigElements = 700_000_000L; // 2.8 GB of F32 zeros (sparse), then a small tensor behind it
        String json = "{\"big\":{\"dtype\":\"F32\",\"shape\":[" + bigElements + "],\"data_offsets\":[0," + bigElements * 4 + "]},"
                + "\"tail\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[" + bigElements * 4 + "," + (bigElements * 4 + 12) + "]}}";
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        Path p = tmp.resolve("big.safetensors");
        long dataStart = 8 + j.length;
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(j.length).array());
            raf.write(j);
            raf.setLength(dataStart + bigElements * 4 + 12);
            raf.seek(dataStart + bigElements * 4);
            raf.write(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2).putFloat(3).array());
        }
        assumeTrue(Files.size(p) > Integer.MAX_VALUE);
        SafetensorsFile f = SafetensorsFile.open(p);
        assertArrayEquals(new float[] {1, 2, 3}, f.readFloats(f.requireTensor("tail")));
        float[] part = new float[4];
        f.readFloats(f.requireTensor("big"), bigElements - 4, 4, part, 0);
        assertArrayEquals(new float[4], part);
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AtelierException.class, () -> f.readFloats(f.requireTensor("big"))).code());
        // A region straddling window boundaries: 600 MB from 400 MB on.
        assertEquals(600_000_000, f.data(f.requireTensor("big"), 400_000_000, 600_000_000).remaining());
    }
}
