package dev.atelier.core.error;

import java.util.Objects;

/**
 * The one exception type Atelier's libraries throw for expected failures. It carries a stable
 * {@link ErrorCode}, a message written for the person who made the request (no file system paths
 * of the server, no class names), and optionally the name of the offending parameter.
 */
public class AtelierException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Longest caller-supplied text {@link #quote} puts into a message. */
    public static final int QUOTE_LIMIT = 64;

    private final ErrorCode code;
    private final String param;

    public AtelierException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public AtelierException(ErrorCode code, String message, String param) {
        this(code, message, param, null);
    }

    public AtelierException(ErrorCode code, String message, String param, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.param = param;
    }

    public ErrorCode code() {
        return code;
    }

    /** The request parameter at fault, or {@code null}. */
    public String param() {
        return param;
    }

    /**
     * Puts caller-supplied text into a message safely: in single quotes, cut to
     * {@value #QUOTE_LIMIT} characters with "…", control characters shown as '?', so an echoed
     * name can neither flood a response nor forge log lines.
     */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        boolean cut = text.length() > QUOTE_LIMIT;
        int end = cut && Character.isHighSurrogate(text.charAt(QUOTE_LIMIT - 1)) ? QUOTE_LIMIT - 1 : QUOTE_LIMIT;
        String head = cut ? text.substring(0, end) : text;
        StringBuilder sb = new StringBuilder(head.length() + 3).append('\'');
        head.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return sb.append(cut ? "…'" : "'").toString();
    }

    public static AtelierException invalidArgument(String param, String message) {
        return new AtelierException(ErrorCode.INVALID_ARGUMENT, message, param);
    }

    public static AtelierException notFound(String message) {
        return new AtelierException(ErrorCode.NOT_FOUND, message);
    }

    public static AtelierException resourceExhausted(String message) {
        return new AtelierException(ErrorCode.RESOURCE_EXHAUSTED, message);
    }

    public static AtelierException unavailable(String message) {
        return new AtelierException(ErrorCode.UNAVAILABLE, message);
    }

    public static AtelierException deadlineExceeded(String message) {
        return new AtelierException(ErrorCode.DEADLINE_EXCEEDED, message);
    }

    public static AtelierException cancelled(String message) {
        return new AtelierException(ErrorCode.CANCELLED, message);
    }

    public static AtelierException internal(String message, Throwable cause) {
        return new AtelierException(ErrorCode.INTERNAL, message, null, cause);
    }
}
