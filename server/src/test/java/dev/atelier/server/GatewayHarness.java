package dev.atelier.server;

import dev.atelier.core.device.Device;
import dev.atelier.server.config.GatewayConfig;
import dev.atelier.server.config.ModelConfig;
import dev.atelier.server.routing.PoolLimits;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Starts a real gateway on a free loopback port with test workers, and talks HTTP to it. */
final class GatewayHarness implements AutoCloseable {
    final Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayHarness(Gateway gateway) {
        this.gateway = gateway;
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private final List<ModelConfig> models = new ArrayList<>();
        private final Map<String, ModelBinding> bindings = new LinkedHashMap<>();
        private long maxBody = GatewayConfig.DEFAULT_MAX_BODY_BYTES;

        Builder model(String name, ModelBinding binding, int maxInFlight, int maxQueue, long timeoutMs,
                      int concurrency, Device... devices) {
            models.add(new ModelConfig(name, devices.length == 0 ? List.of(Device.CPU) : List.of(devices),
                    concurrency, new PoolLimits(maxInFlight, maxQueue, timeoutMs)));
            bindings.put(name, binding);
            return this;
        }

        Builder maxBody(long bytes) {
            this.maxBody = bytes;
            return this;
        }

        GatewayHarness start() throws Exception {
            GatewayConfig config = new GatewayConfig("127.0.0.1", 0, maxBody, List.of(), models);
            return new GatewayHarness(Gateway.start(config, bindings).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS));
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return postAsync(path, body).get(60, TimeUnit.SECONDS);
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(uri(path))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until /health/ready answers 200 (every worker loaded). */
    void awaitReady() throws Exception {
        long end = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < end) {
            if (get("/health/ready").statusCode() == 200) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("gateway never became ready");
    }

    static JsonObject json(HttpResponse<String> response) {
        return new JsonObject(response.body());
    }

    @Override
    public void close() throws Exception {
        gateway.close();
    }
}
