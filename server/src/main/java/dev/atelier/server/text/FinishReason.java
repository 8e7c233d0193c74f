package dev.atelier.server.text;

/** Why a generation ended, with OpenAI's wire names. */
public enum FinishReason {
    /** The model ended its text (end-of-sequence token) or produced a stop string. */
    STOP("stop"),
    /** {@code max_tokens} tokens were generated. */
    LENGTH("length");

    private final String wire;

    FinishReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static FinishReason fromWire(String wire) {
        for (FinishReason r : values()) {
            if (r.wire.equals(wire)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown finish reason " + wire);
    }
}
