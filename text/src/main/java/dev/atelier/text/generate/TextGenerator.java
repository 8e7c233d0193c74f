package dev.atelier.text.generate;

import dev.atelier.core.error.AtelierException;
import dev.atelier.text.llm.LanguageModel;
import dev.atelier.text.tokenizer.ChatTemplate;
import dev.atelier.text.tokenizer.Tokenizer;
import java.util.HashSet;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Generates text with a {@link LanguageModel}: tokenizes the prompt (or renders the conversation
 * with the chat template), prefills it in one batch, then samples token by token, streaming
 * UTF-8-safe text to a listener, until an end token, a stop string, the token limit, the context
 * length or the cancel signal. Thread-safe: each call has its own KV cache and sampler, the
 * weights are shared, so a server can run several streams on one generator at once.
 */
public final class TextGenerator {

    private static final String[] END_TOKENS = {"<|eot_id|>", "<|im_end|>", "<|endoftext|>", "<|end_of_text|>", "<|end|>", "</s>"};

    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final Set<Integer> endTokens = new HashSet<>();

    public TextGenerator(LanguageModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.tokenizer = model.tokenizer();
        tokenizer.eosId().ifPresent(endTokens::add);
        for (String t : END_TOKENS) {
            OptionalInt id = tokenizer.tokenId(t);
            if (id.isPresent() && tokenizer.tokenType(id.getAsInt()).isSpecial()) {
                endTokens.add(id.getAsInt());
            }
        }
        model.chatTemplate().flatMap(ChatTemplate::endOfTurn).ifPresent(t -> tokenizer.tokenId(t).ifPresent(endTokens::add));
    }

    public LanguageModel model() {
        return model;
    }

    /** The prompt's token ids as the model will see them (chat template and BOS applied). */
    public int[] promptTokens(GenerationRequest request) {
        if (!request.isChat()) {
            return tokenizer.encode(request.prompt(), false, tokenizer.addBos());
        }
        // A base model without a known template continues the conversation as plain text.
        ChatTemplate template = model.chatTemplate().orElseGet(ChatTemplate::plain);
        String text = template.render(request.messages(), true);
        OptionalInt bos = tokenizer.bosId();
        boolean addBos = tokenizer.addBos() && !(bos.isPresent() && text.startsWith(tokenizer.token(bos.getAsInt())));
        return tokenizer.encode(text, true, addBos);
    }

    /**
     * Runs the request, giving text pieces to {@code listener} as they are decided. A prompt
     * longer than the model's context is INVALID_ARGUMENT; cancellation is not an error (the
     * result says {@link FinishReason#CANCELLED}).
     */
    public GenerationResult generate(GenerationRequest request, GenerationListener listener) {
        GenerationStream stream = open(request, listener);
        if (stream.cancelIfAsked()) {
            return stream.result();
        }
        float[] logits = model.forward(stream.prompt(), stream.cache(), false);
        while (!stream.accept(logits)) {
            logits = model.forward(new int[] {stream.lastToken()}, stream.cache(), false);
        }
        return stream.result();
    }

    /** A new stream for the request, its prompt tokenized and checked against the context length. */
    GenerationStream open(GenerationRequest request, GenerationListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        int[] prompt = promptTokens(request);
        if (prompt.length == 0) {
            throw AtelierException.invalidArgument("prompt", "the prompt is empty and the model has no BOS token to start from");
        }
        int context = model.config().contextLength();
        if (prompt.length >= context) {
            throw AtelierException.invalidArgument("prompt", "the prompt has " + prompt.length
                    + " tokens; the context length of model " + AtelierException.quote(model.name()) + " is " + context
                    + " tokens, which must also hold at least one generated token");
        }
        return new GenerationStream(request, listener, tokenizer, endTokens, prompt, context, model.newCache());
    }
}
