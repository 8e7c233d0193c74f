package dev.atelier.text.tokenizer;

/** The kind of a vocabulary entry, with the ids GGUF's {@code tokenizer.ggml.token_type} uses. */
public enum TokenType {
    /** Ordinary text. */
    NORMAL(1),
    /** The unknown-token placeholder. */
    UNKNOWN(2),
    /** A control token (BOS, EOS, chat markers): matched in text only when the caller allows special tokens. */
    CONTROL(3),
    /** An added token that is always matched as a whole in text. */
    USER_DEFINED(4),
    /** A reserved slot never produced by encoding. */
    UNUSED(5),
    /** A byte-fallback token {@code <0xNN>} of SentencePiece vocabularies. */
    BYTE(6);

    private final int id;

    TokenType(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** The type for a GGUF id; 0 ("undefined") and unknown ids count as {@link #NORMAL}, as in llama.cpp. */
    public static TokenType fromId(int id) {
        for (TokenType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return NORMAL;
    }

    /** Whether decoding renders this token only when special tokens are wanted. */
    public boolean isSpecial() {
        return this == CONTROL || this == UNKNOWN || this == UNUSED;
    }
}
