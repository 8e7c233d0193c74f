package dev.atelier.text.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.core.model.ModelIntegrityException;
import dev.atelier.text.tensor.GgmlType;
import dev.atelier.text.tensor.Quantize;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Writer to reader: every metadata type, every tensor type, both versions, other alignments, memory and disk. */
class GgufRoundTripTest {

    @TempDir
    Path tmp;

    static Map<String, GgufValue> everyMetadataType() {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("u8", GgufValue.uint8(255));
        m.put("i8", GgufValue.int8(-128));
        m.put("u16", GgufValue.uint16(65535));
        m.put("i16", GgufValue.int16(-32768));
        m.put("u32", GgufValue.uint32(0xFFFF_FFFFL));
        m.put("i32", GgufValue.int32(Integer.MIN_VALUE));
        m.put("f32", GgufValue.float32(-0.1f));
        m.put("bool.true", GgufValue.bool(true));
        m.put("bool.false", GgufValue.bool(false));
        m.put("string", GgufValue.string("héllo 🦙 world"));
        m.put("string.empty", GgufValue.string(""));
        m.put("u64", GgufValue.uint64(-1L)); // 2^64 - 1
        m.put("i64", GgufValue.int64(Long.MIN_VALUE));
        m.put("f64", GgufValue.float64(Math.PI));
        m.put("array.u8", GgufValue.array(GgufValueType.UINT8, new byte[] {0, 1, (byte) 255}));
        m.put("array.i8", GgufValue.array(GgufValueType.INT8, new byte[] {-1, 127}));
        m.put("array.u16", GgufValue.array(GgufValueType.UINT16, new short[] {(short) 65535, 1}));
        m.put("array.i16", GgufValue.array(GgufValueType.INT16, new short[] {-2, 3}));
        m.put("array.u32", GgufValue.array(GgufValueType.UINT32, new int[] {-1, 7}));
        m.put("array.i32", GgufValue.int32Array(1, -2, 3));
        m.put("array.f32", GgufValue.float32Array(1.5f, Float.NaN, Float.NEGATIVE_INFINITY));
        m.put("array.bool", GgufValue.array(GgufValueType.BOOL, new boolean[] {true, false, true}));
        m.put("array.string", GgufValue.stringArray("a", "", "Ġthe", "▁▁", "<0x0A>"));
        m.put("array.u64", GgufValue.array(GgufValueType.UINT64, new long[] {-1L, 0}));
        m.put("array.i64", GgufValue.array(GgufValueType.INT64, new long[] {Long.MAX_VALUE, -5}));
        m.put("array.f64", GgufValue.array(GgufValueType.FLOAT64, new double[] {1e300, -0.0}));
        m.put("array.empty", GgufValue.array(GgufValueType.INT32, new int[0]));
        m.put("array.nested", GgufValue.array(GgufValueType.ARRAY, new GgufValue[] {
                GgufValue.int32Array(1, 2), GgufValue.stringArray("x"), GgufValue.array(GgufValueType.ARRAY, new GgufValue[0])}));
        return m;
    }

    static float[] randomFloats(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A writer with everything: all metadata types and tensors of several types and shapes. */
    static GgufWriter fullWriter(int version, Integer alignment) {
        GgufWriter w = new GgufWriter().version(version);
        if (alignment != null) {
            w.alignment(alignment);
        }
        everyMetadataType().forEach(w::put);
        w.addTensor("f32", GgmlType.F32, new long[] {3, 5}, randomFloats(15, 1));
        w.addTensor("f16", GgmlType.F16, new long[] {7}, randomFloats(7, 2));
        w.addTensor("bf16", GgmlType.BF16, new long[] {2, 2, 2, 2}, randomFloats(16, 3));
        w.addTensor("q8_0", GgmlType.Q8_0, new long[] {64, 3}, randomFloats(192, 4));
        w.addTensor("q4_0", GgmlType.Q4_0, new long[] {32, 2}, randomFloats(64, 5));
        w.addTensor("q4_1", GgmlType.Q4_1, new long[] {32}, randomFloats(32, 6));
        w.addTensor("q6_k.raw", GgmlType.Q6_K, new long[] {256, 2}, ByteBuffer.wrap(randomBytes(420, 7)));
        w.addTensor("empty", GgmlType.F32, new long[] {0}, new float[0]);
        return w;
    }

    @ParameterizedTest
    @CsvSource({"3,", "2,", "3,64", "3,1", "2,4096"})
    void everythingSurvivesARoundTrip(int version, Integer alignment) {
        byte[] bytes = fullWriter(version, alignment).toByteArray();
        GgufFile f = GgufFile.read(ByteBuffer.wrap(bytes), "all.gguf");
        assertEquals(version, f.version());
        int align = alignment == null ? 32 : alignment;
        assertEquals(align, f.alignment());
        assertEquals(0, f.dataOffset() % align);
        assertEquals(0, bytes.length % align, "file padded to the alignment");

        Map<String, GgufValue> expected = everyMetadataType();
        for (Map.Entry<String, GgufValue> e : expected.entrySet()) {
            assertEquals(e.getValue(), f.metadata().require(e.getKey()), e.getKey());
        }
        assertEquals(expected.size() + (alignment == null ? 0 : 1), f.metadata().keys().size());

        List<String> names = f.tensors().stream().map(GgufTensorInfo::name).toList();
        assertEquals(List.of("f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "q6_k.raw", "empty"), names);
        for (GgufTensorInfo t : f.tensors()) {
            assertEquals(0, t.offset() % align, t.name() + " aligned");
        }
        assertArrayEquals(randomFloats(15, 1), f.readFloats(f.requireTensor("f32")));
        assertArrayEquals(new long[] {2, 2, 2, 2}, f.requireTensor("bf16").shape());
        for (var c : List.of(new Object[] {"f16", GgmlType.F16, 7, 2L}, new Object[] {"bf16", GgmlType.BF16, 16, 3L},
                new Object[] {"q8_0", GgmlType.Q8_0, 192, 4L}, new Object[] {"q4_0", GgmlType.Q4_0, 64, 5L},
                new Object[] {"q4_1", GgmlType.Q4_1, 32, 6L})) {
            GgufTensorInfo t = f.requireTensor((String) c[0]);
            assertEquals(c[1], t.type());
            byte[] want = Quantize.quantize((GgmlType) c[1], randomFloats((Integer) c[2], (Long) c[3]));
            assertEquals(ByteBuffer.wrap(want), f.tensorData(t), t.name() + " bytes");
        }
        assertEquals(ByteBuffer.wrap(randomBytes(420, 7)), f.tensorData(f.requireTensor("q6_k.raw")));
        assertEquals(0, f.tensorData(f.requireTensor("empty")).remaining());
    }

    @Test
    void writesAndMapsFilesOnDisk() throws IOException {
        Path file = tmp.resolve("model.gguf");
        fullWriter(3, null).write(file);
        GgufFile f = GgufFile.open(file);
        assertEquals(Files.size(file), f.fileSize());
        assertEquals("héllo 🦙 world", f.metadata().getString("string"));
        assertArrayEquals(randomFloats(15, 1), f.readFloats(f.requireTensor("f32")));
        ByteBuffer part = f.tensorData(f.requireTensor("q8_0"), 34, 34);
        assertEquals(34, part.remaining());
        assertEquals(f.tensorData(f.requireTensor("q8_0")).slice(34, 34), part);
    }

    @Test
    void typedMetadataAccessors() {
        GgufMetadata m = GgufFile.read(ByteBuffer.wrap(fullWriter(3, null).toByteArray()), "m").metadata();
        assertEquals(255, m.getInt("u8"));
        assertEquals(-128, m.getInt("i8"));
        assertEquals(65535, m.getInt("u16"));
        assertEquals(0xFFFF_FFFFL, m.getLong("u32"));
        assertEquals(Integer.MIN_VALUE, m.getInt("i32"));
        assertEquals(-0.1f, m.getFloat("f32"));
        assertEquals(Math.PI, m.getDouble("f64"));
        assertEquals((float) Math.PI, m.getFloat("f64"));
        assertEquals(3f, m.getFloat("u8") - 252f);
        assertTrue(m.getBoolean("bool.true"));
        assertArrayEquals(new int[] {0, 1, 255}, m.getIntArray("array.u8"));
        assertArrayEquals(new int[] {65535, 1}, m.getIntArray("array.u16"));
        assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, -0.0f}, m.getFloatArray("array.f64"));
        assertArrayEquals(new String[] {"a", "", "Ġthe", "▁▁", "<0x0A>"}, m.getStringArray("array.string"));
        assertTrue(m.optString("missing").isEmpty());
        assertTrue(m.optInt("missing").isEmpty());
        assertEquals(255, m.optInt("u8").getAsInt());

        // Missing keys and wrong or out-of-range types are typed errors naming the key.
        for (var call : List.<Runnable>of(() -> m.getString("missing"), () -> m.getString("u32"),
                () -> m.getInt("u32"), () -> m.getLong("u64"), () -> m.getIntArray("array.u32"),
                () -> m.getFloatArray("array.string"), () -> m.getStringArray("string"), () -> m.getBoolean("u8"),
                () -> m.optInt("string"))) {
            ModelIntegrityException e = assertThrows(ModelIntegrityException.class, call::run);
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertTrue(e.getMessage().contains("'m'"), e.getMessage());
        }
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> m.getInt("u32"));
        assertTrue(e.getMessage().contains("'u32'") && e.getMessage().contains("4294967295"), e.getMessage());
    }

    @Test
    void writerRejectsBadInput() {
        GgufWriter w = new GgufWriter().putString("a", "x");
        assertInvalid(() -> w.putString("a", "y"));
        assertInvalid(() -> w.version(1));
        assertInvalid(() -> w.alignment(48));
        assertInvalid(() -> w.put("general.alignment", GgufValue.uint32(3)));
        assertInvalid(() -> w.addTensor("t", GgmlType.Q8_0, new long[] {16}, ByteBuffer.allocate(17)));
        assertInvalid(() -> w.addTensor("t", GgmlType.F32, new long[] {4}, ByteBuffer.allocate(12)));
        assertInvalid(() -> w.addTensor("t", GgmlType.F32, new long[] {1, 1, 1, 1, 1}, ByteBuffer.allocate(4)));
        assertInvalid(() -> w.addTensor("t", GgmlType.F32, new long[] {-4}, ByteBuffer.allocate(0)));
        w.addTensor("t", GgmlType.F32, new long[] {1}, ByteBuffer.allocate(4));
        assertInvalid(() -> w.addTensor("t", GgmlType.F32, new long[] {1}, ByteBuffer.allocate(4)));
        assertInvalid(() -> GgufValue.uint8(256));
        assertInvalid(() -> GgufValue.uint32(-1));
        assertInvalid(() -> GgufValue.array(GgufValueType.INT32, new float[1]));
        assertInvalid(() -> new GgufValue(GgufValueType.STRING, null, 5));
    }

    private static void assertInvalid(Runnable r) {
        AtelierException e = assertThrows(AtelierException.class, r::run);
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
    }

    @Test
    void tensorAccessIsChecked() {
        GgufFile f = GgufFile.read(ByteBuffer.wrap(fullWriter(3, null).toByteArray()), "m");
        GgufTensorInfo t = f.requireTensor("q8_0");
        assertInvalid(() -> f.tensorData(t, 0, (int) t.byteSize() + 1));
        assertInvalid(() -> f.tensorData(t, -1, 1));
        assertInvalid(() -> f.tensorData(new GgufTensorInfo("q8_0", new long[] {64, 3}, GgmlType.Q8_0, 0, 1)));
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> f.requireTensor("nope"));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }
}
