package dev.atelier.text.generate;

import dev.atelier.text.llm.KvCache;
import dev.atelier.core.error.AtelierException;
import dev.atelier.text.sampling.Sampler;
import dev.atelier.text.sampling.TokenConstraint;
import dev.atelier.text.tokenizer.TokenStreamDecoder;
import dev.atelier.text.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Set;

/**
 * The state of one generation between tokens: its KV cache, sampler, decoded text, stop strings
 * and listener. Whoever runs the model (one stream alone in {@link TextGenerator}, or many in one
 * batch in {@link BatchingGenerator}) hands it the logits of its last position; it samples the
 * next token, streams the text that is decided, and says when it is finished.
 */
final class GenerationStream {

    private final GenerationRequest request;
    private final GenerationListener listener;
    private final Set<Integer> endTokens;
    private final int[] prompt;
    private final int limit;
    private final KvCache cache;
    private final Sampler sampler;
    /** Null when any token may come. */
    private final TokenConstraint constraint;
    private final TokenStreamDecoder decoder;
    private final StopStrings stops;
    private final StringBuilder text = new StringBuilder();
    private final int[] history;
    private int shown;
    private int length;
    private int generated;
    private int lastToken = -1;
    private GenerationResult result;

    GenerationStream(GenerationRequest request, GenerationListener listener, Tokenizer tokenizer, Set<Integer> endTokens,
            int[] prompt, int contextLength, KvCache cache) {
        this.request = request;
        this.listener = listener;
        this.endTokens = endTokens;
        this.prompt = prompt;
        this.limit = Math.min(request.maxTokens(), contextLength - prompt.length);
        this.cache = cache;
        this.sampler = new Sampler(request.sampling());
        this.constraint = request.constraint() == null ? null : request.constraint().start(tokenizer);
        this.decoder = new TokenStreamDecoder(tokenizer, true);
        this.stops = new StopStrings(request.stop());
        this.history = Arrays.copyOf(prompt, prompt.length + limit);
        this.length = prompt.length;
    }

    int[] prompt() {
        return prompt;
    }

    KvCache cache() {
        return cache;
    }

    /** The token to run next (the one sampled last). */
    int lastToken() {
        return lastToken;
    }

    /** The result, once {@link #accept} returned true or {@link #cancelIfAsked} did. */
    GenerationResult result() {
        return result;
    }

    /** Finishes the stream as cancelled, with nothing reaching the listener after the signal, if it was asked to stop. */
    boolean cancelIfAsked() {
        if (!request.cancel().getAsBoolean()) {
            return false;
        }
        text.setLength(shown); // held-back text is dropped
        result = new GenerationResult(text.toString(), prompt.length, generated, FinishReason.CANCELLED);
        return true;
    }

    /** Takes the logits of the last position; returns true when the stream is finished. */
    boolean accept(float[] logits) {
        if (cancelIfAsked()) {
            return true;
        }
        if (constraint != null) {
            mask(logits);
        }
        int token = sampler.sample(logits, history, length);
        if (constraint != null) {
            constraint.accept(token);
        }
        if (endTokens.contains(token)) {
            return finish(FinishReason.STOP);
        }
        history[length++] = token;
        generated++;
        int before = text.length();
        text.append(decoder.push(token));
        int stopAt = request.stop().isEmpty() ? -1 : stops.find(text, before);
        if (stopAt >= 0) {
            text.setLength(stopAt);
            shown = emit(text.length());
            result = new GenerationResult(text.toString(), prompt.length, generated, FinishReason.STOP);
            return true;
        }
        shown = emit(request.stop().isEmpty() ? text.length() : stops.safeLength(text));
        if (generated >= limit) {
            return finish(FinishReason.LENGTH);
        }
        lastToken = token;
        return false;
    }

    /** Gives every token the constraint does not allow a logit of minus infinity, so no sampler step can pick it. */
    private void mask(float[] logits) {
        BitSet allowed = new BitSet(logits.length);
        constraint.allowed(allowed);
        if (allowed.nextSetBit(0) < 0 || allowed.nextSetBit(0) >= logits.length) {
            throw AtelierException.internal("the token constraint allows no token after " + generated + " generated tokens", null);
        }
        for (int i = allowed.nextClearBit(0); i < logits.length; i = allowed.nextClearBit(i + 1)) {
            logits[i] = Float.NEGATIVE_INFINITY;
        }
    }

    private boolean finish(FinishReason reason) {
        text.append(decoder.finish());
        int stopAt = request.stop().isEmpty() ? -1 : stops.find(text, shown);
        if (stopAt >= 0) {
            text.setLength(stopAt);
            reason = FinishReason.STOP;
        }
        emit(text.length());
        result = new GenerationResult(text.toString(), prompt.length, generated, reason);
        return true;
    }

    private int emit(int upTo) {
        if (upTo > shown) {
            listener.onText(text.substring(shown, upTo));
            return upTo;
        }
        return shown;
    }
}
