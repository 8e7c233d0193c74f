package dev.atelier.text.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.core.model.ModelIntegrityException;
import dev.atelier.text.tensor.GgmlType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken files fail with a ModelIntegrityException (UNAVAILABLE) that says what is wrong and
 * where, never with an exception from deep inside (index out of bounds, buffer underflow, out of
 * memory), and nothing is allocated from a size the file cannot back.
 */
class GgufCorruptionTest {

    @TempDir
    Path tmp;

    static byte[] valid() {
        return GgufRoundTripTest.fullWriter(3, null).toByteArray();
    }

    /** Parses, and if that works, reads every tensor: either all works or a typed error comes. */
    static void parseFully(byte[] bytes) {
        GgufFile f = GgufFile.read(ByteBuffer.wrap(bytes), "broken.gguf");
        for (GgufTensorInfo t : f.tensors()) {
            if (t.type().canDequantize() && t.byteSize() <= 1 << 20) {
                f.readFloats(t);
            } else if (t.byteSize() <= Integer.MAX_VALUE - 8) {
                f.tensorData(t);
            }
        }
    }

    static void assertTypedOrFine(byte[] bytes, String what) {
        try {
            parseFully(bytes);
        } catch (AtelierException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), what);
        } catch (RuntimeException | Error e) {
            fail(what + ": untyped " + e, e);
        }
    }

    @Test
    void everyTruncationIsATypedError() {
        byte[] full = valid();
        GgufFile f = GgufFile.read(ByteBuffer.wrap(full), "ok");
        long dataEnd = f.dataOffset() + f.tensors().stream().mapToLong(t -> t.offset() + t.byteSize()).max().orElseThrow();
        int checked = 0;
        for (int len = 0; len < dataEnd; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> parseFully(cut), "length " + len);
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertTrue(e.getMessage().contains("'broken.gguf'"), e.getMessage());
            checked++;
        }
        assertTrue(checked > 1000);
    }

    @Test
    void flippedHeaderBytesGiveTypedErrorsOrCleanSuccess() {
        byte[] full = valid();
        int headerEnd = (int) GgufFile.read(ByteBuffer.wrap(full), "ok").dataOffset();
        Random r = new Random(1234);
        for (int i = 0; i < headerEnd; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] b = full.clone();
                b[i] ^= (byte) (1 << bit);
                assertTypedOrFine(b, "bit " + bit + " of byte " + i);
            }
        }
        for (int n = 0; n < 3000; n++) { // several random bytes at once, random values
            byte[] b = full.clone();
            for (int k = 0; k < 1 + r.nextInt(4); k++) {
                b[r.nextInt(headerEnd)] = (byte) r.nextInt(256);
            }
            assertTypedOrFine(b, "random corruption " + n);
        }
    }

    @Test
    void truncatedFileOnDisk() throws IOException {
        byte[] full = valid();
        Path path = tmp.resolve("cut.gguf");
        Files.write(path, Arrays.copyOf(full, full.length - 40));
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> GgufFile.open(path));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("extends past the end of the file"), e.getMessage());
        assertEquals("cut", e.model());
        assertEquals(path, e.path());
        assertTrue(!e.getMessage().contains(tmp.toString()), "no server path in the message");

        ModelIntegrityException missing = assertThrows(ModelIntegrityException.class, () -> GgufFile.open(tmp.resolve("none.gguf")));
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
        Path empty = Files.write(tmp.resolve("empty.gguf"), new byte[0]);
        assertThrows(ModelIntegrityException.class, () -> GgufFile.open(empty));
        assertThrows(ModelIntegrityException.class, () -> GgufFile.open(tmp));
    }

    // --- specific problems, built from the spec, each with the message it must give ---

    static GgufSpecTest.Bytes header(int version, long tensors, long kvs) {
        GgufSpecTest.Bytes b = new GgufSpecTest.Bytes();
        b.out.writeBytes("GGUF".getBytes());
        return b.u32(version).u64(tensors).u64(kvs);
    }

    static void assertProblem(byte[] bytes, String... fragments) {
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> parseFully(bytes));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
        }
    }

    @Test
    void badMagicAndVersions() {
        assertProblem("GGML0000".getBytes(), "bad magic", "offset 0", "0x47474d4c");
        assertProblem(header(1, 0, 0).bytes(), "version 1", "offset 4");
        assertProblem(header(4, 0, 0).bytes(), "version 4");
        byte[] bigEndian = header(0, 0, 0).bytes();
        bigEndian[7] = 3;
        assertProblem(bigEndian, "big-endian");
        assertProblem(new byte[] {'G', 'G'}, "too short");
    }

    @Test
    void impossibleCountsAreRejectedBeforeAllocating() {
        long huge = 1L << 40;
        assertProblem(header(3, huge, 0).bytes(), "tensor count 1099511627776", "offset 8", "impossible");
        assertProblem(header(3, 0, huge).bytes(), "metadata key-value count", "offset 16");
        assertProblem(header(3, -1, 0).bytes(), "tensor count 18446744073709551615");
        assertProblem(header(3, 0, 1).u64(huge).zeros(8).bytes(), "key of metadata entry 0", "string length 1099511627776", "offset 24");
        assertProblem(header(3, 0, 1).str("k").u32(9).u32(5).u64(huge).bytes(), "metadata key 'k' (array length)", "impossible");
        assertProblem(header(3, 0, 1).str("k").u32(9).u32(8).u64(1L << 30).bytes(), "array length", "impossible");
        assertProblem(header(3, 0, 1).str("k").u32(8).u64(huge).bytes(), "metadata key 'k'", "string length");
        // Each element claims 2^62 bytes: never allocated.
        assertProblem(header(3, 0, 1).str("k").u32(9).u32(8).u64(2).u64(1L << 62).zeros(8).bytes(), "string length 4611686018427387904");
    }

    @Test
    void badMetadata() {
        assertProblem(header(3, 0, 1).str("k").u32(13).bytes(), "metadata key 'k' (type) has unknown value type id 13", "offset 33");
        assertProblem(header(3, 0, 2).str("k").u32(0).u8(1).str("k").u32(0).u8(2).bytes(), "duplicate metadata key 'k'");
        assertProblem(header(3, 0, 1).str("general.alignment").u32(4).u32(48).bytes(), "power of two", "48");
        assertProblem(header(3, 0, 1).str("general.alignment").u32(5).u32(32).bytes(), "must be a UINT32");
        assertProblem(header(3, 0, 1).str("k").u32(4).u8(1).bytes(), "truncated at offset 37", "metadata key 'k'");
        GgufSpecTest.Bytes deep = header(3, 0, 1).str("k").u32(9);
        for (int i = 0; i < 20; i++) {
            deep.u32(9).u64(1);
        }
        assertProblem(deep.u32(0).u64(0).bytes(), "nests arrays more than");
    }

    @Test
    void badTensorInfos() {
        assertProblem(header(3, 1, 0).str("t").u32(5).zeros(16).bytes(), "tensor 't'", "5 dimensions");
        assertProblem(header(3, 1, 0).str("t").u32(1).u64(-3).zeros(12).bytes(), "negative dimension 0 = -3");
        assertProblem(header(3, 1, 0).str("t").u32(2).u64(1L << 40).u64(1L << 40).bytes(), "element count past 2^63");
        assertProblem(header(3, 1, 0).str("t").u32(1).u64(4).u32(99).u64(0).bytes(), "unknown ggml type id 99", "offset 45");
        assertProblem(header(3, 1, 0).str("t").u32(1).u64(4).u32(4).u64(0).bytes(), "unknown ggml type id 4");
        assertProblem(header(3, 1, 0).str("t").u32(1).u64(33).u32(GgmlType.Q8_0.id()).u64(0).bytes(), "not a multiple", "Q8_0");
        assertProblem(header(3, 1, 0).str("t").u32(1).u64(4).u32(0).u64(8).padTo(32).u64(0).u64(0).u64(0).bytes(),
                "data offset 8", "alignment 32");
        assertProblem(header(3, 1, 0).str("t").u32(1).u64(8).u32(0).u64(0).padTo(32).u64(0).bytes(),
                "tensor 't'", "32 bytes", "extends past the end");
        assertProblem(header(3, 1, 0).str("t").u32(1).u64(1L << 62).u32(0).u64(0).padTo(32).bytes(), "larger than 2^63 bytes");
        assertProblem(header(3, 1, 0).str("t").u32(1).u64(1L << 58).u32(0).u64(0).padTo(32).bytes(), "extends past the end");
        assertProblem(header(3, 2, 0).str("t").u32(1).u64(8).u32(0).u64(0).str("t").u32(1).u64(8).u32(0).u64(32).padTo(32)
                .u64(0).u64(0).u64(0).u64(0).u64(0).u64(0).u64(0).u64(0).bytes(), "duplicate tensor name 't'");
    }

    @Test
    void overlappingTensorsAreRejected() {
        // "b" starts at data offset 32, inside "a" (64 bytes at 0).
        byte[] b = header(3, 2, 0).str("a").u32(1).u64(16).u32(0).u64(0).str("b").u32(1).u64(8).u32(0).u64(32).padTo(32)
                .zeros(96).bytes();
        assertProblem(b, "tensor 'b'", "overlaps", "tensor 'a'");
        // The same tensors one after the other are fine, as are empty tensors at any aligned offset.
        byte[] ok = header(3, 3, 0).str("a").u32(1).u64(16).u32(0).u64(0).str("b").u32(1).u64(8).u32(0).u64(64)
                .str("e").u32(1).u64(0).u32(0).u64(32).padTo(32).zeros(96).bytes();
        assertEquals(3, GgufFile.read(ByteBuffer.wrap(ok), "ok.gguf").tensors().size());
    }

    @Test
    void absurdArrayCountsAndStringLengths() {
        assertProblem(header(3, 0, 1).str("k").u32(9).u32(8).u64(1L << 60).bytes(), "(array length) 1152921504606846976", "impossible");
        assertProblem(header(3, 0, 1).str("k").u32(9).u32(0).u64(1L << 60).bytes(), "array length", "impossible");
        assertProblem(header(3, 0, 1).str("k").u32(8).u64(1L << 40).zeros(64).bytes(), "string length 1099511627776");
        assertProblem(header(3, 1, 0).str("t").u32(4).u64(1L << 20).u64(1L << 20).u64(1L << 10).u64(2).u32(0).u64(0)
                .padTo(32).bytes(), "extends past the end");
    }

    @Test
    void unsupportedTensorTypesParseButDoNotDequantize() {
        byte[] b = header(3, 1, 0).str("t").u32(1).u64(256).u32(GgmlType.IQ2_XXS.id()).u64(0).padTo(32).bytes();
        byte[] withData = Arrays.copyOf(b, b.length + 66);
        GgufFile f = GgufFile.read(ByteBuffer.wrap(withData), "iq.gguf");
        assertEquals(66, f.tensorData(f.requireTensor("t")).remaining());
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class, () -> f.readFloats(f.requireTensor("t")));
        assertTrue(e.getMessage().contains("IQ2_XXS"), e.getMessage());
    }

    @Test
    void inMemoryBuffersOfAnyOrderAndPosition() {
        byte[] full = valid();
        ByteBuffer b = ByteBuffer.allocate(full.length + 10).order(ByteOrder.BIG_ENDIAN);
        b.position(10);
        b.put(full).position(10);
        GgufFile f = GgufFile.read(b, "offset.gguf");
        Consumer<GgufFile> same = g -> assertEquals(GgufFile.read(ByteBuffer.wrap(full), "x").tensors(), g.tensors());
        same.accept(f);
    }
}
