package dev.atelier.server.http;

import dev.atelier.core.error.AtelierException;
import dev.atelier.server.metrics.GatewayMetrics;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every error answer of the gateway, whatever raised it: a typed error from a model or the
 * routing layer, or a status Vert.x set itself (404 no route, 405, 413 body too large). Unknown
 * exceptions are logged here with their stack and answered with a generic 500: no class name,
 * path or stack trace reaches the client.
 */
final class ErrorResponder {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    private final GatewayMetrics metrics;
    private final long maxBodyBytes;

    ErrorResponder(GatewayMetrics metrics, long maxBodyBytes) {
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Failure handler for the whole router. */
    void handleFailure(RoutingContext ctx) {
        send(ctx, toApiError(ctx.failure(), ctx.statusCode(), ctx));
    }

    void send(RoutingContext ctx, ApiError error) {
        metrics.httpError(error.code(), error.status());
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.end(); // mid-stream failures are written by the stream itself; just close
            return;
        }
        response.setStatusCode(error.status()).putHeader("content-type", "application/json");
        if (error.retryAfterSeconds() > 0 && response.headers().get("retry-after") == null) {
            response.putHeader("retry-after", Integer.toString(error.retryAfterSeconds()));
        }
        response.end(error.toJson().encode());
    }

    ApiError toApiError(Throwable failure, int status, RoutingContext ctx) {
        if (failure instanceof AtelierException e) {
            return ApiError.from(e);
        }
        return switch (status) {
            case 400 -> new ApiError(400, "invalid_request_error", "invalid_argument", "bad request", null);
            case 404 -> new ApiError(404, "not_found_error", "not_found",
                    "no such endpoint: " + ctx.request().method() + " " + AtelierException.quote(ctx.request().path()), null);
            case 405 -> new ApiError(405, "invalid_request_error", "method_not_allowed",
                    "method " + ctx.request().method() + " is not allowed on this endpoint", null);
            case 413 -> new ApiError(413, "invalid_request_error", "request_too_large",
                    "request body is larger than the limit of " + maxBodyBytes + " bytes", null);
            case 415 -> new ApiError(415, "invalid_request_error", "unsupported_media_type",
                    "unsupported content type", null);
            default -> {
                if (status >= 400 && status < 500) {
                    yield new ApiError(status, "invalid_request_error", "invalid_argument", "bad request", null);
                }
                LOG.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
                yield new ApiError(500, "server_error", "internal", "internal error", null);
            }
        };
    }
}
