package dev.atelier.text.tokenizer;

import dev.atelier.core.error.AtelierException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders a conversation into the prompt text a chat model was trained on, exactly as the
 * model's published Jinja template does; encode the result with special tokens allowed. Two
 * formats: Llama 3 and ChatML (Qwen, SmolLM, many fine-tunes); and {@link #plain()} for base
 * models that were never taught a chat format.
 */
public final class ChatTemplate {

    private enum Format { LLAMA3, CHATML, PLAIN }

    private final Format format;

    private ChatTemplate(Format format) {
        this.format = format;
    }

    /**
     * Meta-Llama-3-Instruct: {@code <|begin_of_text|>} before the first message, then per message
     * {@code <|start_header_id|>role<|end_header_id|>\n\n} + content with surrounding white space
     * trimmed (the template's {@code | trim}) + {@code <|eot_id|>}. (Llama 3.1+ templates add a
     * dated system preamble and tool syntax that this does not render.)
     */
    public static ChatTemplate llama3() {
        return new ChatTemplate(Format.LLAMA3);
    }

    /** ChatML: per message {@code <|im_start|>role\ncontent<|im_end|>\n}; no BOS. */
    public static ChatTemplate chatml() {
        return new ChatTemplate(Format.CHATML);
    }

    /**
     * For base models without a chat template (such as the Shakespeare default): the messages'
     * contents, each followed by a blank line, with no roles or markers, so a conversation is a
     * plain text the model continues. Roles are dropped because a base model has no notion of them.
     */
    public static ChatTemplate plain() {
        return new ChatTemplate(Format.PLAIN);
    }

    /**
     * Recognises the format of a GGUF's {@code tokenizer.chat_template} (a Jinja text) by its
     * markers; empty when it is neither of the known formats.
     */
    public static Optional<ChatTemplate> detect(String jinjaTemplate) {
        if (jinjaTemplate == null) {
            return Optional.empty();
        }
        if (jinjaTemplate.contains("<|start_header_id|>") && jinjaTemplate.contains("<|eot_id|>")) {
            return Optional.of(llama3());
        }
        if (jinjaTemplate.contains("<|im_start|>")) {
            return Optional.of(chatml());
        }
        return Optional.empty();
    }

    /**
     * The prompt for {@code messages}; with {@code addGenerationPrompt} it ends with the header of
     * an assistant turn, so that the model writes the reply.
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        Objects.requireNonNull(messages, "messages");
        if (messages.isEmpty() && !addGenerationPrompt) {
            throw AtelierException.invalidArgument("messages", "a conversation needs at least one message");
        }
        StringBuilder sb = new StringBuilder();
        switch (format) {
            case LLAMA3 -> {
                if (!messages.isEmpty()) {
                    sb.append("<|begin_of_text|>");
                }
                for (ChatMessage m : messages) {
                    sb.append("<|start_header_id|>").append(m.role()).append("<|end_header_id|>\n\n")
                            .append(m.content().strip()).append("<|eot_id|>");
                }
                if (addGenerationPrompt) {
                    sb.append("<|start_header_id|>assistant<|end_header_id|>\n\n");
                }
            }
            case CHATML -> {
                for (ChatMessage m : messages) {
                    sb.append("<|im_start|>").append(m.role()).append('\n').append(m.content()).append("<|im_end|>\n");
                }
                if (addGenerationPrompt) {
                    sb.append("<|im_start|>assistant\n");
                }
            }
            case PLAIN -> {
                for (ChatMessage m : messages) {
                    sb.append(m.content().strip()).append("\n\n");
                }
            }
        }
        return sb.toString();
    }

    /** The token text that ends an assistant turn: generation stops there (plain text has none). */
    public Optional<String> endOfTurn() {
        return switch (format) {
            case LLAMA3 -> Optional.of("<|eot_id|>");
            case CHATML -> Optional.of("<|im_end|>");
            case PLAIN -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return "ChatTemplate[" + format.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }
}
