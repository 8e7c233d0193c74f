package dev.atelier.text.sampling;

import dev.atelier.text.tokenizer.Tokenizer;
import java.util.BitSet;

/**
 * Limits which tokens may come next, as llama.cpp's grammars do: before every sampling step the
 * generation stream asks for the allowed ids and gives every other token a logit of minus
 * infinity, so greedy decoding, top-k, top-p, min-p and the draw all choose among allowed tokens
 * only. One instance per generation stream (it holds that stream's state); not thread-safe.
 *
 * <p>Text-level rules are easier to write with {@link TextConstraint} and {@link TextTokenConstraint}.
 */
public interface TokenConstraint {

    /**
     * Sets in {@code allowed} (empty on entry; ids from 0 to the vocabulary size) the tokens that
     * may come next. Setting none is an error of the constraint: generation fails rather than
     * choose a forbidden token.
     */
    void allowed(BitSet allowed);

    /** Advances past {@code token}, the one chosen (always one that {@link #allowed} set). */
    void accept(int token);

    /** Makes the constraint of one generation stream; a request holds a factory, so it stays reusable. */
    @FunctionalInterface
    interface Factory {
        TokenConstraint start(Tokenizer tokenizer);
    }
}
