package dev.atelier.text.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.PriorityQueue;

/**
 * SentencePiece BPE with byte fallback, as Llama 2's tokenizer: spaces become '▁' (and one is put
 * before the text when {@code addSpacePrefix}), the text starts as single characters, and the
 * adjacent pair whose concatenation is the vocabulary piece with the highest score is merged until
 * none is left (the leftmost first among equal scores). A character no piece covers is written as
 * its UTF-8 bytes with the {@code <0xNN>} tokens.
 */
final class SentencePieceTokenizer extends AbstractTokenizer {

    static final char SPACE = '\u2581';

    private final boolean addSpacePrefix;
    private final int[] byteToken = new int[256];

    SentencePieceTokenizer(Vocabulary vocab, boolean addBos, boolean addSpacePrefix) {
        super(vocab, addBos);
        this.addSpacePrefix = addSpacePrefix;
        for (int b = 0; b < 256; b++) {
            byteToken[b] = vocab.idOrMinusOne(String.format(java.util.Locale.ROOT, "<0x%02X>", b));
        }
    }

    private record Bigram(int left, int right, float score, int length) {
    }

    @Override
    void encodeText(String raw, boolean atStart, IntList out) {
        String text = ((atStart && addSpacePrefix ? " " : "") + raw).replace(' ', SPACE);
        if (text.isEmpty()) {
            return;
        }
        // Symbols are character ranges [start, start + len); merged ones grow, absorbed ones get len 0.
        int n = text.codePointCount(0, text.length());
        int[] start = new int[n];
        int[] len = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0, at = 0; i < n; i++) {
            int c = Character.charCount(text.codePointAt(at));
            start[i] = at;
            len[i] = c;
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            at += c;
        }
        PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) -> a.score != b.score
                ? Float.compare(b.score, a.score) : Integer.compare(a.left, b.left));
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, text, start, len, i, i + 1);
        }
        while (!queue.isEmpty()) {
            Bigram b = queue.poll();
            if (len[b.left] == 0 || len[b.right] == 0 || len[b.left] + len[b.right] != b.length) {
                continue; // stale: one side changed since this pair was queued
            }
            len[b.left] += len[b.right];
            len[b.right] = 0;
            next[b.left] = next[b.right];
            if (next[b.right] >= 0) {
                prev[next[b.right]] = b.left;
            }
            if (prev[b.left] >= 0) {
                offer(queue, text, start, len, prev[b.left], b.left);
            }
            if (next[b.left] >= 0) {
                offer(queue, text, start, len, b.left, next[b.left]);
            }
        }
        for (int i = 0; i >= 0; i = next[i]) {
            String piece = text.substring(start[i], start[i] + len[i]);
            int id = vocab.idOrMinusOne(piece);
            if (id >= 0) {
                out.add(id);
                continue;
            }
            for (byte x : piece.getBytes(StandardCharsets.UTF_8)) {
                int t = byteToken[x & 0xFF];
                if (t >= 0) {
                    out.add(t);
                } else if (vocab.unknown().isPresent()) {
                    out.add(vocab.unknown().getAsInt());
                }
            }
        }
    }

    // Only ordinary and user-defined pieces take part in merges: control, byte and unused pieces
    // are never formed from text.
    private void offer(PriorityQueue<Bigram> queue, String text, int[] start, int[] len, int left, int right) {
        int length = len[left] + len[right];
        int id = vocab.idOrMinusOne(text.substring(start[left], start[left] + length));
        if (id >= 0 && (vocab.type(id) == TokenType.NORMAL || vocab.type(id) == TokenType.USER_DEFINED)) {
            queue.add(new Bigram(left, right, vocab.score(id), length));
        }
    }

    @Override
    byte[] computeBytes(int id) {
        String token = vocab.token(id);
        return switch (vocab.type(id)) {
            case BYTE -> byteValue(token);
            case NORMAL, USER_DEFINED -> token.replace(SPACE, ' ').getBytes(StandardCharsets.UTF_8);
            default -> token.getBytes(StandardCharsets.UTF_8);
        };
    }

    // "<0xNN>" is the byte NN; a byte token spelled otherwise is kept as its text.
    private static byte[] byteValue(String token) {
        if (token.length() == 6 && token.startsWith("<0x") && token.endsWith(">")) {
            int hi = Character.digit(token.charAt(3), 16);
            int lo = Character.digit(token.charAt(4), 16);
            if (hi >= 0 && lo >= 0) {
                return new byte[] {(byte) (hi * 16 + lo)};
            }
        }
        return token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean addsSpacePrefix() {
        return addSpacePrefix;
    }
}
