package dev.atelier.text.tokenizer;

import dev.atelier.core.error.AtelierException;

/**
 * One turn of a conversation.
 *
 * @param role who speaks: usually {@code system}, {@code user} or {@code assistant}
 * @param content what is said
 */
public record ChatMessage(String role, String content) {

    public ChatMessage {
        if (role == null || role.isBlank()) {
            throw AtelierException.invalidArgument("role", "a chat message needs a role");
        }
        if (content == null) {
            throw AtelierException.invalidArgument("content", "a chat message needs content (it may be empty)");
        }
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }
}
