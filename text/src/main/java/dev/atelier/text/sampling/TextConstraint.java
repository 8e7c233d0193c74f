package dev.atelier.text.sampling;

/**
 * A rule on generated text, checked incrementally: a mutable state that advances over the text
 * as it is written and can be copied, so that each candidate token is tried on a copy. Text comes
 * as whole characters; {@link TextTokenConstraint} applies the rule to tokens, including those that
 * split a UTF-8 character.
 */
public interface TextConstraint {

    /**
     * Advances over {@code text}; returns false when the text may not come next, and the state is
     * then unspecified (callers advance a {@link #copy()} when they only ask).
     */
    boolean advance(CharSequence text);

    /** Whether the text may end here (an end-of-generation token may come next). */
    boolean mayEnd();

    /**
     * Whether some character with a code point from {@code from} to {@code to} may come next: asked
     * for a token that ends inside a multi-byte UTF-8 character, which may still become any of them.
     * The default tries each on a copy; a rule that refuses whole ranges (ASCII only, say) should
     * answer directly.
     */
    default boolean mayContinueWith(int from, int to) {
        for (int cp = from; cp <= to; cp++) {
            if (copy().advance(Character.toString(cp))) {
                return true;
            }
        }
        return false;
    }

    /** An independent copy of this state. */
    TextConstraint copy();
}
