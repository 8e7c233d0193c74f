package dev.atelier.server;

import dev.atelier.core.device.Device;
import dev.atelier.server.config.GatewayConfig;
import dev.atelier.server.config.ModelConfig;
import dev.atelier.server.routing.PoolLimits;
import dev.atelier.server.security.AccessConfig;
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
public final class GatewayHarness implements AutoCloseable {
    public final Gateway gateway;
    public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayHarness(Gateway gateway) {
        this.gateway = gateway;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<ModelConfig> models = new ArrayList<>();
        private final Map<String, ModelBinding> bindings = new LinkedHashMap<>();
        private long maxBody = GatewayConfig.DEFAULT_MAX_BODY_BYTES;
        private String host = "127.0.0.1";
        private AccessConfig access = AccessConfig.open();
        private int maxGenerationTokens = GatewayConfig.DEFAULT_MAX_GENERATION_TOKENS;

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder access(AccessConfig access) {
            this.access = access;
            return this;
        }

        public Builder model(String name, ModelBinding binding, int maxInFlight, int maxQueue, long timeoutMs,
                      int concurrency, Device... devices) {
            models.add(new ModelConfig(name, devices.length == 0 ? List.of(Device.CPU) : List.of(devices),
                    concurrency, new PoolLimits(maxInFlight, maxQueue, timeoutMs)));
            bindings.put(name, binding);
            return this;
        }

        public Builder maxGenerationTokens(int limit) {
            this.maxGenerationTokens = limit;
            return this;
        }

        Builder maxBody(long bytes) {
            this.maxBody = bytes;
            return this;
        }

        public GatewayHarness start() throws Exception {
            GatewayConfig config = new GatewayConfig(host, 0, maxBody, List.of(), models, access)
                    .withMaxGenerationTokens(maxGenerationTokens);
            return new GatewayHarness(Gateway.start(config, bindings).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS));
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String body) throws Exception {
        return postAsync(path, body).get(60, TimeUnit.SECONDS);
    }

    public CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(uri(path))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code n} requests at once (body {@code i} for the i-th) and waits for every answer. */
    public List<HttpResponse<String>> burst(String path, int n, java.util.function.IntFunction<String> body)
            throws Exception {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pending.add(postAsync(path, body.apply(i)));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : pending) {
            answers.add(f.get(120, TimeUnit.SECONDS));
        }
        return answers;
    }

    /** Repeats a request until it answers 200 or {@code millis} pass; returns the last answer. */
    public HttpResponse<String> postUntilOk(String path, String body, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        HttpResponse<String> r = post(path, body);
        while (r.statusCode() != 200 && System.currentTimeMillis() < end) {
            Thread.sleep(20);
            r = post(path, body);
        }
        return r;
    }

    /** Waits until /health/ready answers 200 (every worker loaded). */
    public void awaitReady() throws Exception {
        long end = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < end) {
            if (get("/health/ready").statusCode() == 200) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("gateway never became ready");
    }

    public static JsonObject json(HttpResponse<String> response) {
        return new JsonObject(response.body());
    }

    @Override
    public void close() throws Exception {
        gateway.close();
    }
}
