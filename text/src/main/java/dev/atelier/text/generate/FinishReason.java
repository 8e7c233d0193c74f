package dev.atelier.text.generate;

/** Why generation ended, with the names OpenAI-style APIs use. */
public enum FinishReason {
    /** The model ended its text (end-of-sequence or end-of-turn token) or a stop string appeared. */
    STOP("stop"),
    /** The token limit, or the model's context length, was reached. */
    LENGTH("length"),
    /** The caller's cancel signal was raised. */
    CANCELLED("cancelled");

    private final String wireName;

    FinishReason(String wireName) {
        this.wireName = wireName;
    }

    /** {@code stop}, {@code length} or {@code cancelled}. */
    public String wireName() {
        return wireName;
    }
}
