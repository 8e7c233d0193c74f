package dev.atelier.text.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Turns generated tokens into text as they come, never emitting half a character: a token may
 * end in the middle of a UTF-8 sequence (byte-fallback and byte-level tokens split emoji and CJK
 * characters), so trailing bytes of an incomplete sequence wait for the next token. Bytes that can
 * never form a character come out as U+FFFD, exactly as decoding all tokens at once would.
 * Not thread-safe: one decoder per stream.
 */
public final class TokenStreamDecoder {

    private final Tokenizer tokenizer;
    private final boolean skipSpecial;
    private byte[] pending = new byte[0];
    private boolean first = true;

    /** A decoder that renders special tokens as their text. */
    public TokenStreamDecoder(Tokenizer tokenizer) {
        this(tokenizer, false);
    }

    /** A decoder; {@code skipSpecial} leaves out control, unknown and unused tokens. */
    public TokenStreamDecoder(Tokenizer tokenizer, boolean skipSpecial) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.skipSpecial = skipSpecial;
    }

    /** Adds one token; returns the text it completes (possibly empty). */
    public String push(int token) {
        byte[] bytes = tokenizer.tokenBytes(token);
        if (skipSpecial && tokenizer.tokenType(token).isSpecial()) {
            return "";
        }
        // SentencePiece's leading space belongs to the encoding, not to the text.
        if (first && tokenizer.addsSpacePrefix() && bytes.length > 0 && bytes[0] == ' ') {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        first = false;
        ByteArrayOutputStream all = new ByteArrayOutputStream(pending.length + bytes.length);
        all.writeBytes(pending);
        all.writeBytes(bytes);
        byte[] b = all.toByteArray();
        int cut = completePrefix(b);
        pending = Arrays.copyOfRange(b, cut, b.length);
        return new String(b, 0, cut, StandardCharsets.UTF_8);
    }

    /** Ends the stream: returns what is still buffered (an incomplete sequence as U+FFFD) and starts over. */
    public String finish() {
        String rest = new String(pending, StandardCharsets.UTF_8);
        pending = new byte[0];
        first = true;
        return rest;
    }

    /** Whether bytes are waiting for the rest of their character. */
    public boolean hasPending() {
        return pending.length > 0;
    }

    /**
     * Length of the prefix that can be decoded now: everything except a trailing sequence that
     * starts with a valid lead byte and has fewer continuation bytes than the lead announces.
     */
    public static int completePrefix(byte[] b) {
        int n = b.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int x = b[n - back] & 0xFF;
            if ((x & 0xC0) == 0x80) {
                continue; // a continuation byte: look further back for its lead
            }
            int need = x >= 0xC2 && x <= 0xDF ? 2 : x >= 0xE0 && x <= 0xEF ? 3 : x >= 0xF0 && x <= 0xF4 ? 4 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
