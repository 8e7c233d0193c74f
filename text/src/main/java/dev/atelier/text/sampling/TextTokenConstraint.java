package dev.atelier.text.sampling;

import dev.atelier.text.tokenizer.TokenStreamDecoder;
import dev.atelier.text.tokenizer.Tokenizer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;

/**
 * A {@link TextConstraint} applied to tokens: a token is allowed when the rule accepts the text it
 * adds, decoded the way the generation stream decodes it (special tokens add no text and are
 * allowed only where the rule {@link TextConstraint#mayEnd may end}). A token limit can still cut
 * the text inside a character, which the stream then ends with U+FFFD.
 *
 * <p>UTF-8 safe: the rule sees whole characters only. A token that ends inside a multi-byte
 * character adds the characters it completes, and is allowed only if the rule would accept some
 * character that the held-back bytes can still become ({@link TextConstraint#mayContinueWith}, over
 * the exact code point range of the well-formed completions), so a constraint never leads into a
 * character it must then refuse. Bytes that can never form a character count as U+FFFD, as the
 * stream's decoder writes them.
 *
 * <p>Every token is tried on a copy of the state at every step, which suits small vocabularies
 * (hundreds to a few thousand tokens); a large one would want a prefix tree of the token texts.
 */
public final class TextTokenConstraint implements TokenConstraint {

    private final int size;
    private final byte[][] bytes;
    private final boolean[] special;
    /** Each token's text when it holds only whole characters; null otherwise. */
    private final String[] plainText;
    private TextConstraint state;
    /** Bytes of a character that the tokens so far have begun and not finished. */
    private byte[] pending = new byte[0];
    /** Before the first token with text: SentencePiece's leading space is dropped there, as the stream's decoder drops it. */
    private boolean first;

    /** A constraint starting from {@code state} (which it then owns and advances). */
    public TextTokenConstraint(Tokenizer tokenizer, TextConstraint state) {
        Objects.requireNonNull(tokenizer, "tokenizer");
        this.state = Objects.requireNonNull(state, "state");
        this.size = tokenizer.vocabularySize();
        this.bytes = new byte[size][];
        this.special = new boolean[size];
        this.plainText = new String[size];
        for (int id = 0; id < size; id++) {
            special[id] = tokenizer.tokenType(id).isSpecial();
            bytes[id] = special[id] ? new byte[0] : tokenizer.tokenBytes(id);
            if (!special[id] && TokenStreamDecoder.completePrefix(bytes[id]) == bytes[id].length) {
                plainText[id] = new String(bytes[id], StandardCharsets.UTF_8);
            }
        }
        this.first = tokenizer.addsSpacePrefix();
    }

    /** A factory for requests: each stream starts from its own copy of {@code initial}. */
    public static TokenConstraint.Factory factory(TextConstraint initial) {
        Objects.requireNonNull(initial, "initial");
        return tokenizer -> new TextTokenConstraint(tokenizer, initial.copy());
    }

    /** The rule's state after the tokens accepted so far (a copy). */
    public TextConstraint state() {
        return state.copy();
    }

    @Override
    public void allowed(BitSet allowed) {
        for (int id = 0; id < size; id++) {
            if (allows(id)) {
                allowed.set(id);
            }
        }
    }

    /** Whether {@code token} may come next. */
    public boolean allows(int token) {
        if (special[token]) {
            if (pending.length == 0) {
                return state.mayEnd();
            }
            TextConstraint next = state.copy(); // an end token flushes the unfinished character as U+FFFD
            return next.advance("\uFFFD") && next.mayEnd();
        }
        if (pending.length == 0 && !first && plainText[token] != null) {
            return state.copy().advance(plainText[token]);
        }
        byte[] b = concat(pending, textBytes(token));
        int cut = TokenStreamDecoder.completePrefix(b);
        TextConstraint next = state.copy();
        if (!next.advance(new String(b, 0, cut, StandardCharsets.UTF_8))) {
            return false;
        }
        if (cut == b.length) {
            return true;
        }
        int[] range = completions(Arrays.copyOfRange(b, cut, b.length));
        return range == null ? next.advance("\uFFFD") : next.mayContinueWith(range[0], range[1]);
    }

    @Override
    public void accept(int token) {
        if (special[token]) {
            return;
        }
        byte[] b = concat(pending, textBytes(token));
        first = false;
        int cut = TokenStreamDecoder.completePrefix(b);
        state.advance(new String(b, 0, cut, StandardCharsets.UTF_8));
        pending = Arrays.copyOfRange(b, cut, b.length);
    }

    /** The bytes a token adds to the text (the first one without SentencePiece's space prefix). */
    private byte[] textBytes(int token) {
        byte[] b = bytes[token];
        return first && b.length > 0 && b[0] == ' ' ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    /**
     * The lowest and highest code point that a well-formed completion of {@code prefix} (the
     * first 1 to 3 bytes of a UTF-8 sequence) can be; null when no completion is well-formed.
     */
    static int[] completions(byte[] prefix) {
        int lead = prefix[0] & 0xFF;
        int need = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
        if (need <= prefix.length) {
            return null;
        }
        byte[] lo = Arrays.copyOf(prefix, need);
        byte[] hi = Arrays.copyOf(prefix, need);
        for (int i = prefix.length; i < need; i++) {
            lo[i] = (byte) 0x80;
            hi[i] = (byte) 0xBF;
        }
        if (prefix.length == 1) { // the second byte's range depends on the lead (Unicode, table 3-7)
            switch (lead) {
                case 0xE0 -> lo[1] = (byte) 0xA0;
                case 0xED -> hi[1] = (byte) 0x9F;
                case 0xF0 -> lo[1] = (byte) 0x90;
                case 0xF4 -> hi[1] = (byte) 0x8F;
                default -> { }
            }
        }
        int from = codePoint(lo);
        int to = codePoint(hi);
        return from < 0 || to < 0 ? null : new int[] {from, to};
    }

    /** The code point of one well-formed UTF-8 sequence, or -1. */
    private static int codePoint(byte[] sequence) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(sequence)).toString();
            return s.codePointCount(0, s.length()) == 1 ? s.codePointAt(0) : -1;
        } catch (CharacterCodingException e) {
            return -1;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
