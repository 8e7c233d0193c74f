package dev.atelier.text.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.model.ModelIntegrityException;
import dev.atelier.text.SharedTestData;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufValue;
import dev.atelier.text.gguf.GgufWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SentencePiece BPE: Llama 2's vocabulary, and a small hand-made one whose merges can be followed by hand. */
class SentencePieceTest {

    static Tokenizer llama;

    @BeforeAll
    static void load() {
        llama = Tokenizers.fromGguf(GgufFile.open(SharedTestData.require("tokenizers/vocab-llama-spm.gguf")));
    }

    @Test
    void llamaBosSpacePrefixAndDecoding() {
        assertTrue(llama.addBos());
        assertTrue(llama.addsSpacePrefix());
        assertEquals(32000, llama.vocabularySize());
        assertArrayEquals(new int[] {1, 15043, 3186}, llama.encode("Hello world", false, true));
        assertEquals("<s> Hello world", llama.decode(new int[] {1, 15043, 3186}));
        assertEquals("Hello world", llama.decode(new int[] {1, 15043, 3186}, true));
        assertEquals("Hello world", llama.decode(new int[] {15043, 3186}));
    }

    @Test
    void byteFallbackForCharactersWithoutAPiece() {
        // "▁" then the four UTF-8 bytes of U+1F999 as <0xF0> <0x9F> <0xA6> <0x99> (ids 3 + byte).
        assertArrayEquals(new int[] {29871, 3 + 0xF0, 3 + 0x9F, 3 + 0xA6, 3 + 0x99}, llama.encode("🦙"));
        assertEquals(TokenType.BYTE, llama.tokenType(3 + 0xF0));
        assertArrayEquals(new byte[] {(byte) 0xF0}, llama.tokenBytes(3 + 0xF0));
        assertEquals("🦙", llama.decode(llama.encode("🦙")));
    }

    @Test
    void specialTokensInText() {
        assertArrayEquals(new int[] {1, 15043, 2}, llama.encode("<s>Hello</s>", true));
        int[] plain = llama.encode("<s>Hello</s>");
        assertFalse(Arrays.stream(plain).anyMatch(id -> id == 1 || id == 2), Arrays.toString(plain));
        assertEquals("<s>Hello</s>", llama.decode(plain));
    }

    /** Pieces: a, b, c, ab (score -2), bc (-1), abc (-3): the best-scoring pair merges first. */
    static Tokenizer handMade(boolean addSpacePrefix) {
        String[] tokens = new String[3 + 256 + 7];
        float[] scores = new float[tokens.length];
        int[] types = new int[tokens.length];
        tokens[0] = "<unk>";
        tokens[1] = "<s>";
        tokens[2] = "</s>";
        types[0] = 2;
        types[1] = 3;
        types[2] = 3;
        for (int b = 0; b < 256; b++) {
            tokens[3 + b] = String.format(Locale.ROOT, "<0x%02X>", b);
            types[3 + b] = 6;
        }
        String[] pieces = {"▁", "a", "b", "c", "ab", "bc", "abc"};
        float[] pieceScores = {-5, -10, -10, -10, -2, -1, -3};
        for (int i = 0; i < pieces.length; i++) {
            tokens[259 + i] = pieces[i];
            scores[259 + i] = pieceScores[i];
            types[259 + i] = 1;
        }
        byte[] file = new GgufWriter()
                .putString("tokenizer.ggml.model", "llama")
                .put("tokenizer.ggml.tokens", GgufValue.stringArray(tokens))
                .put("tokenizer.ggml.scores", GgufValue.float32Array(scores))
                .put("tokenizer.ggml.token_type", GgufValue.int32Array(types))
                .putUInt32("tokenizer.ggml.bos_token_id", 1)
                .putUInt32("tokenizer.ggml.eos_token_id", 2)
                .putUInt32("tokenizer.ggml.unknown_token_id", 0)
                .putBool("tokenizer.ggml.add_space_prefix", addSpacePrefix)
                .toByteArray();
        return Tokenizers.fromGguf(GgufFile.read(ByteBuffer.wrap(file), "hand.gguf"));
    }

    @Test
    void mergesFollowScores() {
        Tokenizer t = handMade(false);
        int a = 260, b = 261, c = 262, ab = 263, bc = 264, abc = 265;
        // "abc": bc (-1) beats ab (-2); then a + bc = abc is a piece (-3): one token.
        assertArrayEquals(new int[] {abc}, t.encode("abc"));
        // "ab": only ab. "abab": two ab, leftmost first (same outcome either way).
        assertArrayEquals(new int[] {ab}, t.encode("ab"));
        assertArrayEquals(new int[] {ab, ab}, t.encode("abab"));
        // "bcab": bc and ab, no pair between them.
        assertArrayEquals(new int[] {bc, ab}, t.encode("bcab"));
        // "abcb": bc (-1) first at position 1 → a, bc, b; a+bc → abc; abc+b is no piece.
        assertArrayEquals(new int[] {abc, b}, t.encode("abcb"));
        // "cab": c + ab.
        assertArrayEquals(new int[] {c, ab}, t.encode("cab"));
        // Unknown character: its UTF-8 bytes. "é" = C3 A9.
        assertArrayEquals(new int[] {a, 3 + 0xC3, 3 + 0xA9}, t.encode("aé"));
        assertEquals("aé", t.decode(t.encode("aé")));
    }

    @Test
    void spacePrefixRule() {
        Tokenizer with = handMade(true);
        Tokenizer without = handMade(false);
        assertArrayEquals(new int[] {259, 260}, with.encode("a"));
        assertArrayEquals(new int[] {260}, without.encode("a"));
        assertArrayEquals(new int[] {260, 259, 261}, without.encode("a b"));
        // After a special token the prefix comes again, as llama.cpp does.
        assertArrayEquals(new int[] {259, 260, 1, 259, 261}, with.encode("a<s>b", true));
        assertEquals("a", with.decode(with.encode("a")));
        assertEquals(" a", without.decode(without.encode(" a")));
    }

    @Test
    void inconsistentMetadataIsATypedError() {
        byte[] file = new GgufWriter()
                .putString("tokenizer.ggml.model", "llama")
                .put("tokenizer.ggml.tokens", GgufValue.stringArray("a", "b"))
                .put("tokenizer.ggml.scores", GgufValue.float32Array(0f))
                .toByteArray();
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class,
                () -> Tokenizers.fromGguf(GgufFile.read(ByteBuffer.wrap(file), "bad.gguf")));
        assertTrue(e.getMessage().contains("tokenizer.ggml.scores"), e.getMessage());
        byte[] unknownModel = new GgufWriter().putString("tokenizer.ggml.model", "rwkv")
                .put("tokenizer.ggml.tokens", GgufValue.stringArray("a")).toByteArray();
        e = assertThrows(ModelIntegrityException.class,
                () -> Tokenizers.fromGguf(GgufFile.read(ByteBuffer.wrap(unknownModel), "rwkv.gguf")));
        assertTrue(e.getMessage().contains("rwkv"), e.getMessage());
        byte[] badBos = new GgufWriter().putString("tokenizer.ggml.model", "llama")
                .put("tokenizer.ggml.tokens", GgufValue.stringArray("a")).putUInt32("tokenizer.ggml.bos_token_id", 7).toByteArray();
        assertThrows(ModelIntegrityException.class, () -> Tokenizers.fromGguf(GgufFile.read(ByteBuffer.wrap(badBos), "b.gguf")));
    }
}
