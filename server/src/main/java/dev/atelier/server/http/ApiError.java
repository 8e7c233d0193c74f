package dev.atelier.server.http;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import io.vertx.core.json.JsonObject;

/**
 * An error as the HTTP client sees it: a status and the OpenAI-shaped body
 * {@code {"error":{"message","type","param","code"}}}. The one place where typed errors become HTTP.
 */
public record ApiError(int status, String type, String code, String message, String param) {

    public static ApiError from(AtelierException e) {
        return new ApiError(status(e.code()), type(e.code()), e.code().code(), e.getMessage(), e.param());
    }

    /** HTTP status of each error code. */
    public static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT -> 400;
            case UNAUTHENTICATED -> 401;
            case NOT_FOUND -> 404;
            case RESOURCE_EXHAUSTED -> 429;
            case CANCELLED -> 499; // the client closed the request; nobody reads this answer
            case INTERNAL -> 500;
            case UNAVAILABLE -> 503;
            case DEADLINE_EXCEEDED -> 504;
        };
    }

    /** The OpenAI error {@code type} clients switch on. */
    private static String type(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT -> "invalid_request_error";
            case UNAUTHENTICATED -> "authentication_error";
            case NOT_FOUND -> "not_found_error";
            case RESOURCE_EXHAUSTED -> "rate_limit_error";
            case DEADLINE_EXCEEDED -> "timeout_error";
            case CANCELLED -> "cancelled_error";
            case UNAVAILABLE, INTERNAL -> "server_error";
        };
    }

    /** Seconds a client should wait before retrying, or 0 when a retry would not help. */
    public int retryAfterSeconds() {
        return status == 429 || status == 503 ? 1 : 0;
    }

    public JsonObject toJson() {
        return new JsonObject().put("error", new JsonObject()
                .put("message", message)
                .put("type", type)
                .put("param", param)
                .put("code", code));
    }
}
