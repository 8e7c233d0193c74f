package dev.atelier.text.generate;

import dev.atelier.core.error.AtelierException;
import dev.atelier.text.sampling.SamplingParams;
import dev.atelier.text.sampling.TokenConstraint;
import dev.atelier.text.tokenizer.ChatMessage;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One generation: a plain prompt or a chat conversation, and how to sample. Build with
 * {@link #builder()}: {@code setPrompt} or {@code setMessages} (one of them) is required, the
 * rest optional. Immutable.
 */
public final class GenerationRequest {

    /** Most stop strings, and longest, accepted. */
    public static final int MAX_STOPS = 16;
    public static final int MAX_STOP_LENGTH = 256;

    private final String prompt;
    private final List<ChatMessage> messages;
    private final int maxTokens;
    private final SamplingParams sampling;
    private final List<String> stop;
    private final BooleanSupplier cancel;
    private final TokenConstraint.Factory constraint;

    private GenerationRequest(Builder b) {
        this.prompt = b.prompt;
        this.messages = b.messages;
        this.maxTokens = b.maxTokens;
        this.sampling = new SamplingParams(b.temperature, b.topK, b.topP, b.minP, b.repetitionPenalty, b.repeatLastN,
                b.presencePenalty, b.frequencyPenalty, b.seed);
        this.stop = b.stop;
        this.cancel = b.cancel;
        this.constraint = b.constraint;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The plain prompt; null for a chat request. */
    public String prompt() {
        return prompt;
    }

    /** The conversation; null for a plain prompt. */
    public List<ChatMessage> messages() {
        return messages;
    }

    public boolean isChat() {
        return messages != null;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public SamplingParams sampling() {
        return sampling;
    }

    public List<String> stop() {
        return stop;
    }

    /** Checked before every token; true stops generation with {@link FinishReason#CANCELLED}. */
    public BooleanSupplier cancel() {
        return cancel;
    }

    /** Makes the constraint on the tokens each stream may choose; null when any token may come. */
    public TokenConstraint.Factory constraint() {
        return constraint;
    }

    /** Builds a {@link GenerationRequest}; defaults are llama.cpp's (see {@link SamplingParams#defaults}). */
    public static final class Builder {
        private String prompt;
        private List<ChatMessage> messages;
        private int maxTokens = 256;
        private float temperature = 0.8f;
        private int topK = 40;
        private float topP = 0.95f;
        private float minP = 0.05f;
        private float repetitionPenalty = 1f;
        private int repeatLastN = 64;
        private float presencePenalty;
        private float frequencyPenalty;
        private long seed = System.nanoTime();
        private List<String> stop = List.of();
        private BooleanSupplier cancel = () -> false;
        private TokenConstraint.Factory constraint;

        private Builder() {
        }

        /** The text to continue (special-token strings in it are plain text). */
        public Builder setPrompt(String prompt) {
            this.prompt = Objects.requireNonNull(prompt, "prompt");
            return this;
        }

        /** A conversation, rendered with the model's chat template; the reply is generated. */
        public Builder setMessages(List<ChatMessage> messages) {
            this.messages = List.copyOf(messages);
            return this;
        }

        /** At most this many tokens are generated (default 256). */
        public Builder optMaxTokens(int maxTokens) {
            if (maxTokens < 1) {
                throw AtelierException.invalidArgument("max_tokens", "max_tokens must be at least 1, got " + maxTokens);
            }
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder optTemperature(float temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder optTopK(int topK) {
            this.topK = topK;
            return this;
        }

        public Builder optTopP(float topP) {
            this.topP = topP;
            return this;
        }

        public Builder optMinP(float minP) {
            this.minP = minP;
            return this;
        }

        public Builder optRepetitionPenalty(float penalty, int lastN) {
            this.repetitionPenalty = penalty;
            this.repeatLastN = lastN;
            return this;
        }

        public Builder optPresencePenalty(float penalty) {
            this.presencePenalty = penalty;
            return this;
        }

        public Builder optFrequencyPenalty(float penalty) {
            this.frequencyPenalty = penalty;
            return this;
        }

        /** The same seed, prompt and parameters give the same text (default: a fresh seed per request). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Greedy decoding: temperature 0 (the other sampling options then have no effect). */
        public Builder optGreedy() {
            this.temperature = 0f;
            return this;
        }

        /** Generation stops before any of these strings; they are not part of the text. */
        public Builder optStop(List<String> stop) {
            if (stop.size() > MAX_STOPS) {
                throw AtelierException.invalidArgument("stop", "at most " + MAX_STOPS + " stop strings, got " + stop.size());
            }
            for (String s : stop) {
                if (s == null || s.isEmpty() || s.length() > MAX_STOP_LENGTH) {
                    throw AtelierException.invalidArgument("stop", "stop strings must have 1.." + MAX_STOP_LENGTH + " characters");
                }
            }
            this.stop = List.copyOf(stop);
            return this;
        }

        /** A signal checked before every token (e.g. a client disconnected, a deadline passed). */
        public Builder optCancel(BooleanSupplier cancel) {
            this.cancel = Objects.requireNonNull(cancel, "cancel");
            return this;
        }

        /**
         * Constrained decoding: before each token the stream's {@link TokenConstraint} says which
         * tokens may come next, and only those are sampled (greedy included), as with llama.cpp's grammars.
         */
        public Builder optConstraint(TokenConstraint.Factory constraint) {
            this.constraint = Objects.requireNonNull(constraint, "constraint");
            return this;
        }

        public GenerationRequest build() {
            if ((prompt == null) == (messages == null)) {
                throw AtelierException.invalidArgument("prompt", "a request needs either a prompt or messages, not both");
            }
            if (messages != null && messages.isEmpty()) {
                throw AtelierException.invalidArgument("messages", "a conversation needs at least one message");
            }
            return new GenerationRequest(this);
        }
    }
}
