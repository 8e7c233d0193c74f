package dev.atelier.server.security;

import static dev.atelier.server.GatewayTest.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.server.Gateway;
import dev.atelier.server.GatewayHarness;
import dev.atelier.server.TestWorkers;
import dev.atelier.server.config.GatewayConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** API keys, per-key rate limits and CORS, over real HTTP. */
class AccessTest {
    static final String BODY = "{\"model\":\"echo\",\"text\":\"hi\"}";

    private static HttpResponse<String> post(GatewayHarness g, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(g.uri("/api/v1/echo"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY));
        if (key != null) {
            b.header("authorization", "Bearer " + key);
        }
        return g.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void apiRoutesNeedAValidKeyWhileHealthStaysOpen() throws Exception {
        AccessConfig access = new AccessConfig(List.of(ApiKey.ofSecret("team-a", "sk-alpha", 0, 0),
                new ApiKey("team-b", ApiKey.hash("sk-beta"), 0, 0)), false, List.of());
        try (GatewayHarness g = GatewayHarness.builder().access(access)
                .model("echo", TestWorkers.echo(), 4, 4, 30_000, 1).start()) {
            g.awaitReady();
            assertJsonError(post(g, null), 401, "unauthenticated");
            assertJsonError(post(g, "sk-wrong"), 401, "unauthenticated");
            assertEquals("authentication_error",
                    GatewayHarness.json(post(g, "sk-wrong")).getJsonObject("error").getString("type"));
            assertEquals(200, post(g, "sk-alpha").statusCode());
            assertEquals(200, post(g, "sk-beta").statusCode());
            assertEquals(401, g.get("/v1/models").statusCode());
            assertEquals(200, g.get("/health/live").statusCode());
            assertEquals(200, g.get("/health/ready").statusCode());
            assertEquals(200, g.get("/metrics").statusCode());
        }
    }

    @Test
    void eachKeyHasItsOwnRateLimit() throws Exception {
        AccessConfig access = new AccessConfig(List.of(ApiKey.ofSecret("slow", "sk-slow", 6, 2),
                ApiKey.ofSecret("free", "sk-free", 0, 0)), false, List.of());
        try (GatewayHarness g = GatewayHarness.builder().access(access)
                .model("echo", TestWorkers.echo(), 4, 4, 30_000, 1).start()) {
            g.awaitReady();
            assertEquals(200, post(g, "sk-slow").statusCode());
            assertEquals(200, post(g, "sk-slow").statusCode());
            HttpResponse<String> limited = post(g, "sk-slow");
            assertJsonError(limited, 429, "resource_exhausted");
            long wait = Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow());
            assertTrue(wait >= 1 && wait <= 10, "one request every 10 s: wait " + wait);
            for (int i = 0; i < 10; i++) {
                assertEquals(200, post(g, "sk-free").statusCode(), "another key is not limited");
            }
        }
    }

    @Test
    void anonymousAccessOffLoopbackMustBeAskedFor() {
        for (String host : new String[] {"0.0.0.0", "10.1.2.3", "::"}) {
            GatewayConfig config = GatewayConfig.defaults().withHost(host);
            AtelierException e = assertThrows(AtelierException.class, () -> Gateway.start(config, Map.of()));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("without API keys"), e.getMessage());
        }
    }

    @Test
    void loopbackOrAnExplicitChoiceStartsWithoutKeys() throws Exception {
        for (GatewayConfig config : List.of(GatewayConfig.defaults().withHost("localhost").withPort(0),
                new GatewayConfig("0.0.0.0", 0, 1024, List.of(), List.of(), new AccessConfig(List.of(), true, List.of())))) {
            Gateway gateway = Gateway.start(config, Map.of()).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            gateway.close();
        }
    }

    @Test
    void corsHeadersOnlyForConfiguredOrigins() throws Exception {
        AccessConfig access = new AccessConfig(List.of(), false, List.of("https://app.example"));
        try (GatewayHarness g = GatewayHarness.builder().access(access)
                .model("echo", TestWorkers.echo(), 4, 4, 30_000, 1).start()) {
            g.awaitReady();
            HttpResponse<String> preflight = g.http.send(HttpRequest.newBuilder(g.uri("/v1/embeddings"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("origin", "https://app.example")
                    .header("access-control-request-method", "POST").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("https://app.example",
                    preflight.headers().firstValue("access-control-allow-origin").orElse(null));
            HttpResponse<String> other = g.http.send(HttpRequest.newBuilder(g.uri("/v1/models"))
                    .header("origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
            assertNull(other.headers().firstValue("access-control-allow-origin").orElse(null));
        }
    }
}
