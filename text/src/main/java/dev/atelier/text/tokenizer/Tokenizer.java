package dev.atelier.text.tokenizer;

import java.util.OptionalInt;

/**
 * Text to token ids and back. Implementations are immutable and thread-safe. Build one with
 * {@link Tokenizers}.
 *
 * <p>Special tokens ({@link TokenType#CONTROL}, e.g. {@code <|endoftext|>}) written in the text are
 * encoded as plain text unless the caller allows them; user-defined added tokens are always
 * matched whole. Ids outside the vocabulary are INVALID_ARGUMENT.
 */
public interface Tokenizer {

    /** Encodes {@code text} as ordinary text: no BOS, special-token strings not matched. */
    default int[] encode(String text) {
        return encode(text, false, false);
    }

    /** Encodes {@code text}, matching special tokens in it when {@code allowSpecial}; no BOS. */
    default int[] encode(String text, boolean allowSpecial) {
        return encode(text, allowSpecial, false);
    }

    /**
     * Encodes {@code text}; {@code allowSpecial} matches special-token strings as their tokens,
     * {@code addBos} puts the BOS token first (when the vocabulary has one).
     */
    int[] encode(String text, boolean allowSpecial, boolean addBos);

    /** Decodes ids to text, special tokens included as their text. */
    default String decode(int[] ids) {
        return decode(ids, false);
    }

    /**
     * Decodes ids to text; {@code skipSpecial} leaves out control, unknown and unused tokens.
     * Bytes that do not form valid UTF-8 become U+FFFD.
     */
    default String decode(int[] ids, boolean skipSpecial) {
        TokenStreamDecoder decoder = new TokenStreamDecoder(this, skipSpecial);
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            sb.append(decoder.push(id));
        }
        return sb.append(decoder.finish()).toString();
    }

    /** Number of token ids. */
    int vocabularySize();

    /** The vocabulary entries. */
    Vocabulary vocabulary();

    /** The bytes token {@code id} stands for in decoded text (a special token's own text). */
    byte[] tokenBytes(int id);

    /** The raw vocabulary string of a token. */
    default String token(int id) {
        return vocabulary().token(id);
    }

    default TokenType tokenType(int id) {
        return vocabulary().type(id);
    }

    /** The id of an exact vocabulary string, e.g. {@code "<|eot_id|>"}. */
    default OptionalInt tokenId(String token) {
        return vocabulary().id(token);
    }

    default OptionalInt bosId() {
        return vocabulary().bos();
    }

    default OptionalInt eosId() {
        return vocabulary().eos();
    }

    /** Whether the model expects a BOS token at the start of its input. */
    boolean addBos();

    /**
     * Whether encoding puts a space before the text (SentencePiece's add_space_prefix); decoding
     * then removes it from the first token.
     */
    boolean addsSpacePrefix();
}
