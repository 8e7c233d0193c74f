package dev.atelier.text.tokenizer;

import dev.atelier.core.error.AtelierException;
import java.util.Arrays;

/** What both tokenizer kinds share: special-token splitting, BOS, byte tables for decoding. */
abstract sealed class AbstractTokenizer implements Tokenizer permits ByteLevelBpeTokenizer, SentencePieceTokenizer {

    final Vocabulary vocab;
    private final SpecialTokenSplitter specials;
    private final boolean addBos;
    private volatile byte[][] bytes;

    AbstractTokenizer(Vocabulary vocab, boolean addBos) {
        this.vocab = vocab;
        this.addBos = addBos;
        this.specials = new SpecialTokenSplitter(vocab);
    }

    /** Appends the tokens of a piece of raw text; {@code atStart} is true at the text's start and after a special token. */
    abstract void encodeText(String text, boolean atStart, IntList out);

    /** The decoded bytes of a token, computed once per token. */
    abstract byte[] computeBytes(int id);

    @Override
    public final int[] encode(String text, boolean allowSpecial, boolean addBos) {
        if (text == null) {
            throw AtelierException.invalidArgument("text", "text must not be null");
        }
        IntList out = new IntList(text.length() / 3 + 4);
        if (addBos && vocab.bos().isPresent()) {
            out.add(vocab.bos().getAsInt());
        }
        boolean atStart = true;
        for (SpecialTokenSplitter.Fragment f : specials.split(text, allowSpecial)) {
            if (f.isText()) {
                encodeText(f.text(), atStart, out);
                atStart = false;
            } else {
                out.add(f.id());
                atStart = true;
            }
        }
        return out.toArray();
    }

    @Override
    public final byte[] tokenBytes(int id) {
        vocab.checkIndex(id);
        byte[][] table = bytes;
        if (table == null) {
            table = new byte[vocab.size()][];
            for (int i = 0; i < table.length; i++) {
                table[i] = computeBytes(i);
            }
            bytes = table; // benign race: every thread computes the same table
        }
        return table[id].clone();
    }

    @Override
    public final int vocabularySize() {
        return vocab.size();
    }

    @Override
    public final Vocabulary vocabulary() {
        return vocab;
    }

    @Override
    public final boolean addBos() {
        return addBos;
    }

    /** A growable int array. */
    static final class IntList {
        private int[] a;
        private int n;

        IntList(int capacity) {
            a = new int[Math.max(capacity, 4)];
        }

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
