package dev.atelier.core.error;

/**
 * The small, stable set of failure kinds every module reports. The names are part of the public
 * contract: the gateway maps each to one HTTP status (in one place, {@code ErrorMapper}) and
 * puts {@link #code()} into the JSON error body, so clients may switch on it.
 */
public enum ErrorCode {
    /** The caller sent something wrong: bad JSON, a wrong type, a size out of range, a NaN. */
    INVALID_ARGUMENT("invalid_argument"),
    /** The caller did not prove who it is: no API key, or an unknown one. */
    UNAUTHENTICATED("unauthenticated"),
    /** A named thing (model, file, device, route) does not exist. */
    NOT_FOUND("not_found"),
    /** A limit was hit: queue full, rate limit, body or generation too large. Retrying later may work. */
    RESOURCE_EXHAUSTED("resource_exhausted"),
    /** The service cannot take the request now: no live worker, model not loaded, shutting down. */
    UNAVAILABLE("unavailable"),
    /** The request's deadline passed before it finished. */
    DEADLINE_EXCEEDED("deadline_exceeded"),
    /** The caller went away or asked to stop; the work was abandoned. */
    CANCELLED("cancelled"),
    /** A bug or broken invariant on our side: the request itself was fine. */
    INTERNAL("internal");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The stable lower-case wire name, e.g. {@code "resource_exhausted"}. */
    public String code() {
        return code;
    }

    /** Inverse of {@link #code()}; unknown names map to {@link #INTERNAL}. */
    public static ErrorCode fromCode(String code) {
        for (ErrorCode c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        return INTERNAL;
    }
}
