package dev.atelier.text.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.text.tensor.GgmlType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A GGUF assembled byte by byte from the format description (header, key-value pairs, tensor
 * infos, aligned data), independently of {@link GgufWriter}: the reader must understand it and the
 * writer must produce exactly these bytes for the same content.
 */
class GgufSpecTest {

    /** Little-endian byte assembly. */
    static final class Bytes {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes u8(int v) {
            out.write(v);
            return this;
        }

        Bytes u32(int v) {
            for (int i = 0; i < 4; i++) {
                out.write(v >>> (8 * i));
            }
            return this;
        }

        Bytes u64(long v) {
            for (int i = 0; i < 8; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        Bytes str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            out.writeBytes(b);
            return this;
        }

        Bytes f32(float f) {
            return u32(Float.floatToRawIntBits(f));
        }

        Bytes zeros(int n) {
            out.writeBytes(new byte[n]);
            return this;
        }

        Bytes padTo(int alignment) {
            while (out.size() % alignment != 0) {
                out.write(0);
            }
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static byte[] handMade() {
        Bytes b = new Bytes();
        b.out.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
        b.u32(3).u64(2).u64(3);                                       // version, 2 tensors, 3 key-value pairs
        b.str("general.architecture").u32(8).str("llama");             // STRING
        b.str("llama.context_length").u32(4).u32(4096);                // UINT32
        b.str("tokenizer.ggml.scores").u32(9).u32(6).u64(2).f32(-1.5f).f32(0.25f); // ARRAY of FLOAT32
        b.str("token_embd.weight").u32(2).u64(4).u64(2).u32(0).u64(0); // F32, ne = [4, 2], offset 0
        b.str("output_norm.weight").u32(1).u64(32).u32(8).u64(32);     // Q8_0, ne = [32], offset 32 (32 bytes of F32, aligned)
        b.padTo(32);
        for (int i = 0; i < 8; i++) {
            b.f32(i * 0.5f);
        }
        b.padTo(32);
        b.u8(0x00).u8(0x3C);                                           // Q8_0 block: d = 1.0 (fp16 0x3C00)
        for (int j = 0; j < 32; j++) {
            b.u8(j - 16);
        }
        b.padTo(32);
        return b.bytes();
    }

    @Test
    void readsAFileBuiltFromTheSpecification() {
        byte[] bytes = handMade();
        GgufFile f = GgufFile.read(ByteBuffer.wrap(bytes), "hand.gguf");
        assertEquals(3, f.version());
        assertEquals("llama", f.metadata().getString("general.architecture"));
        assertEquals(4096, f.metadata().getInt("llama.context_length"));
        assertArrayEquals(new float[] {-1.5f, 0.25f}, f.metadata().getFloatArray("tokenizer.ggml.scores"));
        assertEquals(32, f.alignment());
        assertEquals(2, f.tensors().size());

        GgufTensorInfo embd = f.tensors().get(0);
        assertEquals("token_embd.weight", embd.name());
        assertArrayEquals(new long[] {4, 2}, embd.shape());
        assertEquals(GgmlType.F32, embd.type());
        assertEquals(32, embd.byteSize());
        assertEquals(0, f.dataOffset() % 32);
        assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 2, 2.5f, 3, 3.5f}, f.readFloats(embd));

        GgufTensorInfo norm = f.requireTensor("output_norm.weight");
        assertEquals(GgmlType.Q8_0, norm.type());
        assertEquals(34, norm.byteSize());
        assertEquals(32, norm.offset());
        float[] w = f.readFloats(norm);
        for (int j = 0; j < 32; j++) {
            assertEquals(j - 16, w[j]);
        }
        ByteBuffer raw = f.tensorData(norm);
        assertEquals(34, raw.remaining());
        assertEquals(ByteOrder.LITTLE_ENDIAN, raw.order());
        assertTrue(raw.isReadOnly());
        assertEquals((short) 0x3C00, raw.getShort(0));
    }

    @Test
    void writerProducesExactlyTheSpecifiedBytes() {
        byte[] q8 = new byte[34];
        q8[1] = 0x3C;
        for (int j = 0; j < 32; j++) {
            q8[2 + j] = (byte) (j - 16);
        }
        float[] embd = {0, 0.5f, 1, 1.5f, 2, 2.5f, 3, 3.5f};
        byte[] written = new GgufWriter()
                .putString("general.architecture", "llama")
                .putUInt32("llama.context_length", 4096)
                .put("tokenizer.ggml.scores", GgufValue.float32Array(-1.5f, 0.25f))
                .addTensor("token_embd.weight", GgmlType.F32, new long[] {4, 2}, embd)
                .addTensor("output_norm.weight", GgmlType.Q8_0, new long[] {32}, ByteBuffer.wrap(q8))
                .toByteArray();
        assertArrayEquals(handMade(), written);
    }
}
