package dev.atelier.text.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.core.model.ModelIntegrityException;
import dev.atelier.core.progress.ProgressEvent;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufTensorInfo;
import dev.atelier.text.gguf.GgufValue;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.tensor.GgmlType;
import dev.atelier.text.tensor.Quantize;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quantizer against the published ggml block layouts: every quantized block is decoded here
 * by hand (Q8_0: fp16 scale then 32 int8; Q4_0: fp16 scale then 16 bytes, element j in the low
 * nibble of byte j and element j+16 in its high nibble, both offset by 8) and must reproduce the
 * source within the format's step; which tensors are quantized follows llama.cpp's rules.
 */
class GgufQuantizerTest {

    @TempDir
    Path tmp;

    static final int DIM = 64;
    // More than one encoder chunk (2^20 values), so chunk boundaries are crossed.
    static final long[] BIG = {256, 4100};

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian() * (i % 97 == 0 ? 4 : 0.5f);
        }
        return x;
    }

    /** A small llama-like model with weights in F32, F16 and BF16. */
    Path source() throws IOException {
        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", "llama").putUInt32("general.file_type", 0).putUInt32("llama.block_count", 1)
                .put("tokenizer.ggml.tokens", GgufValue.stringArray("a", "b", "c"));
        w.addTensor("token_embd.weight", GgmlType.F16, new long[] {DIM, 10}, random(DIM * 10, 1));
        w.addTensor("blk.0.attn_norm.weight", GgmlType.F32, new long[] {DIM}, random(DIM, 2));
        w.addTensor("blk.0.attn_q.weight", GgmlType.F32, new long[] {DIM, DIM}, random(DIM * DIM, 3));
        w.addTensor("blk.0.attn_q.bias", GgmlType.F16, new long[] {DIM}, random(DIM, 4));
        w.addTensor("blk.0.ffn_up.weight", GgmlType.BF16, new long[] {DIM, 96}, random(DIM * 96, 5));
        w.addTensor("blk.0.ffn_down.weight", GgmlType.F32, BIG, random((int) (BIG[0] * BIG[1]), 6));
        w.addTensor("position_embd.weight", GgmlType.F32, new long[] {DIM, 8}, random(DIM * 8, 7));
        w.addTensor("output.weight", GgmlType.F32, new long[] {DIM, 10}, random(DIM * 10, 8));
        Path p = tmp.resolve("model-f32.gguf");
        w.write(p);
        return p;
    }

    @Test
    void q8_0BlocksFollowThePublishedLayout() throws IOException {
        Path in = source();
        Path out = tmp.resolve("model-q8_0.gguf");
        List<ProgressEvent> events = new ArrayList<>();
        GgufQuantizer.Result r = GgufQuantizer.builder().setType(FileType.Q8_0).optProgress(events::add).build().quantize(in, out);
        assertEquals(5, r.quantized(), "token_embd, attn_q, ffn_up, ffn_down, output");
        assertEquals(1, r.convertedToF32(), "the F16 bias");

        GgufFile src = GgufFile.open(in);
        GgufFile q = GgufFile.open(out);
        assertEquals(7, q.metadata().getInt("general.file_type"));
        assertEquals(2, q.metadata().getInt("general.quantization_version"));
        assertEquals("llama", q.metadata().getString("general.architecture"));
        assertArrayEquals(new String[] {"a", "b", "c"}, q.metadata().getStringArray("tokenizer.ggml.tokens"));
        assertEquals(src.tensors().stream().map(GgufTensorInfo::name).toList(), q.tensors().stream().map(GgufTensorInfo::name).toList());

        for (String name : List.of("token_embd.weight", "blk.0.attn_q.weight", "blk.0.ffn_up.weight", "blk.0.ffn_down.weight", "output.weight")) {
            GgufTensorInfo t = q.requireTensor(name);
            assertEquals(GgmlType.Q8_0, t.type(), name);
            assertArrayEquals(src.requireTensor(name).shape(), t.shape());
            float[] x = src.readFloats(src.requireTensor(name));
            ByteBuffer b = q.tensorData(t).order(ByteOrder.LITTLE_ENDIAN);
            float[] decoded = new float[x.length];
            for (int blk = 0; blk < x.length / 32; blk++) {
                int at = blk * 34;
                float d = Float.float16ToFloat(b.getShort(at));
                float amax = 0;
                for (int j = 0; j < 32; j++) {
                    amax = Math.max(amax, Math.abs(x[blk * 32 + j]));
                }
                float exact = amax / 127;
                assertEquals(exact, d, exact / 1000, "scale = max|x| / 127 in fp16");
                // Half a step from rounding, plus up to 127 times the fp16 rounding of the scale.
                float bound = 0.5f * exact + 127 * Math.abs(exact - d) + 1e-6f;
                for (int j = 0; j < 32; j++) {
                    decoded[blk * 32 + j] = d * b.get(at + 2 + j);
                    assertTrue(Math.abs(decoded[blk * 32 + j] - x[blk * 32 + j]) <= bound, name + " block " + blk);
                }
            }
            assertArrayEquals(decoded, q.readFloats(t), name + ": Dequantize reads the same layout");
            assertArrayEquals(Quantize.quantize(GgmlType.Q8_0, x), bytes(q.tensorData(t)), name + ": as the reference quantizer, in row order");
        }
        // Vectors: F32 (F16 widened exactly); position embeddings untouched.
        assertEquals(GgmlType.F32, q.requireTensor("blk.0.attn_q.bias").type());
        assertArrayEquals(src.readFloats(src.requireTensor("blk.0.attn_q.bias")), q.readFloats(q.requireTensor("blk.0.attn_q.bias")));
        for (String same : List.of("blk.0.attn_norm.weight", "position_embd.weight")) {
            assertEquals(src.requireTensor(same).type(), q.requireTensor(same).type());
            assertArrayEquals(bytes(src.tensorData(src.requireTensor(same))), bytes(q.tensorData(q.requireTensor(same))), same);
        }

        ProgressEvent last = events.get(events.size() - 1);
        assertTrue(last.done());
        assertEquals(last.total(), last.current(), "every input byte was counted");
        assertTrue(r.outputBytes() < r.inputBytes());
    }

    @Test
    void q4_0BlocksFollowThePublishedLayout() throws IOException {
        Path in = source();
        Path out = tmp.resolve("model-q4_0.gguf");
        GgufQuantizer.builder().setType(FileType.Q4_0).optKeepTokenEmbedding(true).optKeepOutput(true).build().quantize(in, out);
        GgufFile src = GgufFile.open(in);
        GgufFile q = GgufFile.open(out);
        assertEquals(2, q.metadata().getInt("general.file_type"));
        assertEquals(GgmlType.F16, q.requireTensor("token_embd.weight").type(), "kept as asked");
        assertEquals(GgmlType.F32, q.requireTensor("output.weight").type(), "kept as asked");
        for (String name : List.of("blk.0.attn_q.weight", "blk.0.ffn_up.weight", "blk.0.ffn_down.weight")) {
            GgufTensorInfo t = q.requireTensor(name);
            assertEquals(GgmlType.Q4_0, t.type());
            float[] x = src.readFloats(src.requireTensor(name));
            ByteBuffer b = q.tensorData(t).order(ByteOrder.LITTLE_ENDIAN);
            float[] decoded = new float[x.length];
            for (int blk = 0; blk < x.length / 32; blk++) {
                int at = blk * 18;
                float d = Float.float16ToFloat(b.getShort(at));
                for (int j = 0; j < 16; j++) {
                    int packed = b.get(at + 2 + j) & 0xFF;
                    decoded[blk * 32 + j] = d * ((packed & 0x0F) - 8);
                    decoded[blk * 32 + j + 16] = d * ((packed >>> 4) - 8);
                }
                float max = 0;
                for (int j = 0; j < 32; j++) {
                    max = Math.abs(x[blk * 32 + j]) > Math.abs(max) ? x[blk * 32 + j] : max;
                }
                float exact = max / -8;
                assertEquals(exact, d, Math.abs(exact) / 1000, "scale = (value of largest magnitude) / -8 in fp16");
                for (int j = 0; j < 32; j++) {
                    // One step at most (half from rounding, the top quant clamped to 15), plus the fp16 scale rounding.
                    float bound = Math.abs(exact) + 16 * Math.abs(exact - d) + 1e-6f;
                    assertTrue(Math.abs(decoded[blk * 32 + j] - x[blk * 32 + j]) <= bound, name + " block " + blk);
                }
            }
            assertArrayEquals(decoded, q.readFloats(t), name);
        }
    }

    @Test
    void refusesQuantizedInputsAndBadOptions() throws IOException {
        Path in = tmp.resolve("already.gguf");
        new GgufWriter().addTensor("blk.0.attn_q.weight", GgmlType.Q8_0, new long[] {32, 2}, random(64, 1)).write(in);
        AtelierException e = assertThrows(AtelierException.class,
                () -> GgufQuantizer.builder().setType(FileType.Q4_0).build().quantize(in, tmp.resolve("o.gguf")));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("already Q8_0"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("o.gguf")));

        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AtelierException.class,
                () -> GgufQuantizer.builder().setType(FileType.F16)).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AtelierException.class,
                () -> GgufQuantizer.builder().build()).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AtelierException.class,
                () -> GgufQuantizer.builder().setType(FileType.Q8_0).build().quantize(in, in)).code());

        Path broken = Files.write(tmp.resolve("broken.gguf"), "GGUF\u0003\u0000".getBytes());
        assertThrows(ModelIntegrityException.class,
                () -> GgufQuantizer.builder().setType(FileType.Q8_0).build().quantize(broken, tmp.resolve("o.gguf")));
    }

    @Test
    void metadataIsCopiedInOrderWithTheFileTypeReplaced() throws IOException {
        Path in = source();
        Path out = tmp.resolve("m.gguf");
        GgufQuantizer.builder().setType(FileType.Q8_0).build().quantize(in, out);
        Map<String, GgufValue> before = GgufFile.open(in).metadata().asMap();
        Map<String, GgufValue> after = GgufFile.open(out).metadata().asMap();
        for (var e : before.entrySet()) {
            if (!e.getKey().equals("general.file_type")) {
                assertEquals(e.getValue(), after.get(e.getKey()), e.getKey());
            }
        }
        assertEquals(before.size() + 1, after.size(), "plus general.quantization_version");
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }
}
