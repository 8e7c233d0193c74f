package dev.atelier.text.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.text.SharedTestData;
import dev.atelier.text.gguf.GgufFile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Streaming never emits half a character, and always adds up to what decoding everything at once gives. */
class TokenStreamDecoderTest {

    static Tokenizer llama;
    static Tokenizer gpt2;

    @BeforeAll
    static void load() {
        llama = Tokenizers.fromGguf(GgufFile.open(SharedTestData.require("tokenizers/vocab-llama-spm.gguf")));
        gpt2 = Tokenizers.fromGguf(GgufFile.open(SharedTestData.require("tokenizers/vocab-gpt-2.gguf")));
    }

    static List<String> stream(Tokenizer t, int[] ids) {
        TokenStreamDecoder d = new TokenStreamDecoder(t);
        List<String> parts = new ArrayList<>();
        for (int id : ids) {
            parts.add(d.push(id));
        }
        parts.add(d.finish());
        return parts;
    }

    @Test
    void emojiSplitOverByteFallbackTokens() {
        int[] ids = llama.encode("Hi 🦙!");
        // Hi, ▁, <0xF0>, <0x9F>, <0xA6>, <0x99>, !
        assertEquals(List.of("Hi", " ", "", "", "", "🦙", "!", ""), stream(llama, ids));
    }

    @Test
    void emojiSplitOverByteLevelTokens() {
        int[] ids = gpt2.encode(" 🦙.cpp");
        assertEquals(5, ids.length);
        // "ĠðŁ" is a space and the first two bytes of the emoji: the space comes out at once.
        assertEquals(List.of(" ", "", "🦙", ".", "cpp", ""), stream(gpt2, ids));
        // Every part of the reference texts' streams is valid text with no replacement characters.
        String text = "Hello, y'all! How are you 😁 ?我想在apple工作1314151天～";
        List<String> parts = stream(gpt2, gpt2.encode(text));
        assertEquals(text, String.join("", parts));
        assertTrue(parts.stream().noneMatch(p -> p.contains("\uFFFD")), parts.toString());
    }

    @Test
    void invalidBytesBecomeReplacementCharacters() {
        int lone = 3 + 0x80; // a continuation byte with no lead: can never become a character
        TokenStreamDecoder d = new TokenStreamDecoder(llama);
        assertEquals("\uFFFD", d.push(lone));
        assertEquals("", d.push(3 + 0xE2)); // a lead byte waits...
        assertTrue(d.hasPending());
        assertEquals("\uFFFD", d.finish()); // ...and is replaced when the stream ends
        assertFalse(d.hasPending());
        assertEquals("", d.push(3 + 0xE2));
        assertEquals("\uFFFDa", d.push(3 + 'a')); // broken by an ASCII byte
    }

    @Test
    void skipsSpecialTokensWhenAsked() {
        TokenStreamDecoder d = new TokenStreamDecoder(llama, true);
        assertEquals("", d.push(1));
        assertEquals("Hello", d.push(15043), "the space prefix goes with the first text token");
        assertEquals("", d.push(2));
        TokenStreamDecoder keep = new TokenStreamDecoder(llama);
        assertEquals("<s>", keep.push(1));
        assertEquals(" Hello", keep.push(15043));
    }

    /** Random token sequences (byte tokens make arbitrary byte strings): stream == batch == JDK decoding. */
    @Test
    void streamingEqualsDecodingAllAtOnce() {
        Random r = new Random(99);
        String[] samples = {"é", "€", "🦙", "𝄞", "a", "中", "\u0301"};
        for (int n = 0; n < 2000; n++) {
            List<Integer> ids = new ArrayList<>();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ids.add(15043); // "▁Hello": its leading space is dropped as the first token
            bytes.writeBytes("Hello".getBytes(StandardCharsets.UTF_8));
            for (int k = 0; k < r.nextInt(12); k++) {
                byte[] piece = r.nextInt(4) == 0 ? new byte[] {(byte) r.nextInt(256)}
                        : samples[r.nextInt(samples.length)].getBytes(StandardCharsets.UTF_8);
                for (byte b : piece) {
                    ids.add(3 + (b & 0xFF));
                    bytes.write(b);
                }
            }
            int[] arr = ids.stream().mapToInt(Integer::intValue).toArray();
            String expected = bytes.toString(StandardCharsets.UTF_8);
            List<String> parts = stream(llama, arr);
            assertEquals(expected, String.join("", parts), "sequence " + n);
            assertEquals(expected, llama.decode(arr));
            for (String p : parts.subList(0, parts.size() - 1)) {
                assertFalse(!p.isEmpty() && Character.isHighSurrogate(p.charAt(p.length() - 1)), "half a surrogate pair");
            }
        }
    }

    @Test
    void completePrefix() {
        assertEquals(0, TokenStreamDecoder.completePrefix(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0xA6}));
        assertEquals(4, TokenStreamDecoder.completePrefix(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0xA6, (byte) 0x99}));
        assertEquals(1, TokenStreamDecoder.completePrefix(new byte[] {'a', (byte) 0xC3}));
        assertEquals(2, TokenStreamDecoder.completePrefix(new byte[] {'a', (byte) 0xFF}), "0xFF never starts a character");
        assertEquals(3, TokenStreamDecoder.completePrefix(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80}));
        assertEquals(0, TokenStreamDecoder.completePrefix(new byte[0]));
    }
}
