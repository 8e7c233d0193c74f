package dev.atelier.text.train.bpe;

import java.nio.charset.StandardCharsets;

/**
 * GPT-2's printable stand-in for each byte, so that byte-level tokens are strings in a
 * {@code tokenizer.json}: printable Latin-1 bytes stand for themselves, the 68 others (controls,
 * space, 0x7F-0xA0, 0xAD) take U+0100 onwards in byte order. A space is 'Ġ', a newline 'Ċ'.
 */
public final class ByteAlphabet {

    private static final char[] CHAR_OF = new char[256];

    static {
        int next = 0x100;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            CHAR_OF[b] = printable ? (char) b : (char) next++;
        }
    }

    private ByteAlphabet() {
    }

    /** The character that stands for byte {@code b} (0..255). */
    public static char charOf(int b) {
        return CHAR_OF[b & 0xFF];
    }

    /** The stand-in string of the UTF-8 bytes of {@code text}. */
    public static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = CHAR_OF[bytes[i] & 0xFF];
        }
        return new String(out);
    }
}
