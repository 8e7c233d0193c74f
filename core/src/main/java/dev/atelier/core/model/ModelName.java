package dev.atelier.core.model;

import dev.atelier.core.error.AtelierException;
import java.util.regex.Pattern;

/**
 * A validated model name: 1 to 64 characters from {@code [a-z0-9._-]}, starting with a letter or
 * digit, never containing {@code ..}. Names come from requests and become folder names, so the rule
 * is what keeps a name from ever being a path ({@code ../x}, {@code /etc/passwd}, {@code a/b}).
 */
public record ModelName(String value) {
    public static final int MAX_LENGTH = 64;
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    public ModelName {
        String problem = problem(value);
        if (problem != null) {
            throw AtelierException.invalidArgument("model",
                    "invalid model name " + AtelierException.quote(value) + ": " + problem);
        }
    }

    /** Parses a name; a bad one is INVALID_ARGUMENT on parameter {@code model}. */
    public static ModelName of(String value) {
        return new ModelName(value);
    }

    public static boolean isValid(String value) {
        return problem(value) == null;
    }

    /** Why {@code value} is not a valid name, or {@code null} when it is. */
    static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "it is empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "it is longer than " + MAX_LENGTH + " characters";
        }
        if (!ALLOWED.matcher(value).matches()) {
            return "use only a-z, 0-9, '.', '_' and '-', starting with a letter or digit";
        }
        if (value.contains("..")) {
            return "it must not contain '..'";
        }
        return null;
    }

    /**
     * Quotes untrusted text for a message: at most 64 characters, control characters replaced,
     * so a hostile name cannot flood or forge log lines.
     */
    @Override
    public String toString() {
        return value;
    }
}
