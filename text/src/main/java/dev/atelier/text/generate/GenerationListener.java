package dev.atelier.text.generate;

/**
 * Receives generated text as it comes. Pieces are whole UTF-8 characters (a token that ends in
 * the middle of a character waits for the next), and text that might be the start of a stop
 * string is held back until it is known not to be; the pieces concatenated equal the result's text.
 * Called on the generating thread.
 */
@FunctionalInterface
public interface GenerationListener {

    /** Ignores everything. */
    GenerationListener NONE = piece -> { };

    /** A non-empty piece of text. */
    void onText(String piece);
}
