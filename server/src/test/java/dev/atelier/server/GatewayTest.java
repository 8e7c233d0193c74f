package dev.atelier.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.device.Device;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.server.config.GatewayConfig;
import dev.atelier.server.config.ModelConfig;
import dev.atelier.server.routing.PoolLimits;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gateway's mechanics, end to end over real HTTP, with test workers behind it. */
public class GatewayTest {

    public static void assertJsonError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), r.body());
        JsonObject error = GatewayHarness.json(r).getJsonObject("error");
        assertNotNull(error, r.body());
        assertEquals(code, error.getString("code"), r.body());
        assertNotNull(error.getString("message"));
        assertNotNull(error.getString("type"));
        assertTrue(error.containsKey("param"));
        // Nothing of the server's insides leaks: no stack frames, class names or file paths.
        assertFalse(r.body().contains("at dev.") || r.body().contains("Exception") || r.body().contains("/opt/")
                || r.body().contains("/secret/") || r.body().contains("/srv/"), r.body());
    }

    @Test
    void burstOverTheLimitGetsOnly200sAnd429s() throws Exception {
        try (GatewayHarness g = GatewayHarness.builder()
                .model("echo", TestWorkers.echo(), 4, 0, 30_000, 4).start()) {
            g.awaitReady();
            List<HttpResponse<String>> replies = g.burst("/api/v1/echo", 50,
                    i -> "{\"model\":\"echo\",\"text\":\"hi " + i + "\",\"sleep_ms\":300}");
            int ok = 0;
            int busy = 0;
            for (HttpResponse<String> r : replies) {
                if (r.statusCode() == 200) {
                    ok++;
                    assertTrue(GatewayHarness.json(r).getString("echo").startsWith("hi "));
                } else {
                    assertJsonError(r, 429, "resource_exhausted");
                    assertEquals("1", r.headers().firstValue("retry-after").orElse(null));
                    busy++;
                }
            }
            assertEquals(50, ok + busy, "every request got an answer");
            assertTrue(ok >= 4, "at least the admitted 4 succeed, got " + ok);
            assertTrue(busy > 0, "a burst of 50 against 4 slots must see 429s");
            // The slots came back: the model serves again afterwards.
            assertEquals(200, g.post("/api/v1/echo", "{\"model\":\"echo\",\"text\":\"after\"}").statusCode());
        }
    }

    @Test
    void queuedRequestsWaitForAFreeSlotInsteadOfFailing() throws Exception {
        try (GatewayHarness g = GatewayHarness.builder()
                .model("echo", TestWorkers.echo(), 1, 3, 30_000, 1).start()) {
            g.awaitReady();
            List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                replies.add(g.postAsync("/api/v1/echo", "{\"model\":\"echo\",\"text\":\"q\",\"sleep_ms\":100}"));
            }
            for (CompletableFuture<HttpResponse<String>> f : replies) {
                assertEquals(200, f.get(30, TimeUnit.SECONDS).statusCode());
            }
        }
    }

    @Test
    void aWorkerThatThrowsAnswers500AndKeepsServing() throws Exception {
        try (GatewayHarness g = GatewayHarness.builder()
                .model("fail", TestWorkers.failing(), 2, 2, 30_000, 1)
                .model("echo", TestWorkers.echo(), 2, 2, 30_000, 1).start()) {
            g.awaitReady();
            assertJsonError(g.post("/api/v1/fail", "{\"model\":\"fail\"}"), 500, "internal");
            assertJsonError(g.post("/api/v1/fail", "{\"model\":\"fail\",\"error\":true}"), 500, "internal");
            assertJsonError(g.post("/api/v1/fail", "{\"model\":\"fail\"}"), 500, "internal");
            assertEquals(200, g.post("/api/v1/echo", "{\"model\":\"echo\",\"text\":\"still up\"}").statusCode());
            assertEquals(200, g.get("/health/live").statusCode());
        }
    }

    @Test
    void invalidArgumentsFromTheHandlerAre400() throws Exception {
        try (GatewayHarness g = GatewayHarness.builder().model("echo", TestWorkers.echo(), 2, 2, 30_000, 1).start()) {
            g.awaitReady();
            HttpResponse<String> r = g.post("/api/v1/echo", "{\"model\":\"echo\",\"sleep_ms\":-5}");
            assertJsonError(r, 400, "invalid_argument");
            assertEquals("sleep_ms", GatewayHarness.json(r).getJsonObject("error").getString("param"));
        }
    }

    @Test
    void malformedAndWrongRequestsGetJsonErrors() throws Exception {
        try (GatewayHarness g = GatewayHarness.builder().maxBody(4096)
                .model("echo", TestWorkers.echo(), 2, 2, 30_000, 1).start()) {
            g.awaitReady();
            assertJsonError(g.post("/api/v1/echo", "{\"model\": \"echo\", "), 400, "invalid_argument");
            assertJsonError(g.post("/api/v1/echo", "[1,2,3]"), 400, "invalid_argument");
            assertJsonError(g.post("/api/v1/echo", ""), 400, "invalid_argument");
            HttpResponse<String> missing = g.post("/api/v1/echo", "{\"text\":\"no model\"}");
            assertJsonError(missing, 400, "invalid_argument");
            assertEquals("model", GatewayHarness.json(missing).getJsonObject("error").getString("param"));
            assertJsonError(g.post("/api/v1/echo", "{\"model\":42}"), 400, "invalid_argument");
            assertJsonError(g.post("/api/v1/echo", "{\"model\":\"echo\",\"stream\":\"yes\"}"), 400, "invalid_argument");
            HttpResponse<String> unknown = g.post("/api/v1/echo", "{\"model\":\"../../etc/passwd\"}");
            assertJsonError(unknown, 404, "not_found");
            assertTrue(unknown.body().contains("served models: echo"), unknown.body());
            assertJsonError(g.post("/api/v1/no-such-task", "{\"model\":\"echo\"}"), 404, "not_found");
            assertJsonError(g.get("/no/such/route"), 404, "not_found");
            assertJsonError(g.get("/api/v1/echo"), 405, "method_not_allowed");
            assertJsonError(g.post("/api/v1/echo", "{\"model\":\"echo\",\"text\":\"" + "x".repeat(10_000) + "\"}"),
                    413, "request_too_large");
            // After all that, the model still answers.
            assertEquals(200, g.post("/api/v1/echo", "{\"model\":\"echo\",\"text\":\"ok\"}").statusCode());
        }
    }

    @Test
    void aRequestPastItsDeadlineGets504AndTheWorkerStops() throws Exception {
        try (GatewayHarness g = GatewayHarness.builder().model("echo", TestWorkers.echo(), 1, 0, 300, 1).start()) {
            g.awaitReady();
            long start = System.nanoTime();
            HttpResponse<String> r = g.post("/api/v1/echo", "{\"model\":\"echo\",\"sleep_ms\":20000}");
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertJsonError(r, 504, "deadline_exceeded");
            assertTrue(tookMs < 5_000, "answered at the deadline, not after the work: " + tookMs + " ms");
            // The worker noticed and gave its only slot back: the next request is served.
            assertEquals(200, g.postUntilOk("/api/v1/echo", "{\"model\":\"echo\",\"text\":\"next\"}", 5_000).statusCode());
        }
    }

    @Test
    void streamingSendsEveryPartThenTheResultThenDone() throws Exception {
        TestWorkers.Streamer streamer = new TestWorkers.Streamer();
        try (GatewayHarness g = GatewayHarness.builder().model("s", streamer.binding(), 2, 2, 30_000, 1).start()) {
            g.awaitReady();
            HttpResponse<String> r = g.post("/api/v1/stream", "{\"model\":\"s\",\"stream\":true,\"parts\":5}");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
            List<String> events = r.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
            assertEquals(7, events.size(), r.body());
            for (int i = 0; i < 5; i++) {
                assertEquals(i, new JsonObject(events.get(i)).getInteger("part"));
            }
            assertEquals(5, new JsonObject(events.get(5)).getInteger("parts"));
            assertEquals("[DONE]", events.get(6));
        }
    }

    @Test
    void progressOfALongJobIsStreamed() throws Exception {
        try (GatewayHarness g = GatewayHarness.builder().model("b", TestWorkers.progressReporting(), 1, 0, 30_000, 1).start()) {
            g.awaitReady();
            HttpResponse<String> r = g.post("/api/v1/batch", "{\"model\":\"b\",\"stream\":true,\"n\":4}");
            assertEquals(200, r.statusCode());
            List<JsonObject> progress = r.body().lines().filter(l -> l.startsWith("data: {\"progress\""))
                    .map(l -> new JsonObject(l.substring(6)).getJsonObject("progress")).toList();
            assertTrue(progress.size() >= 2, r.body());
            JsonObject last = progress.get(progress.size() - 1);
            assertEquals(4, last.getInteger("current"));
            assertEquals(4, last.getInteger("total"));
            assertEquals("images", last.getString("unit"));
            assertTrue(last.getBoolean("done"));
            for (int i = 1; i < progress.size(); i++) {
                assertTrue(progress.get(i).getLong("current") >= progress.get(i - 1).getLong("current"));
            }
            assertTrue(r.body().contains("data: {\"images\":4}"), r.body());
        }
    }

    @Test
    void aClientThatDisconnectsStopsTheWorkerWithinAStepAndFreesItsSlot() throws Exception {
        TestWorkers.Streamer streamer = new TestWorkers.Streamer();
        try (GatewayHarness g = GatewayHarness.builder().model("s", streamer.binding(), 1, 0, 60_000, 1).start()) {
            g.awaitReady();
            HttpResponse<InputStream> r = g.http.send(HttpRequest.newBuilder(g.uri("/api/v1/stream"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"s\",\"stream\":true,\"parts\":1000}"))
                            .build(), HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
            String first = reader.readLine();
            assertTrue(first.startsWith("data: "), first);
            reader.close(); // the client goes away mid-stream
            assertTrue(streamer.stopped.await(5, TimeUnit.SECONDS), "worker stopped after the disconnect");
            assertTrue(streamer.sawCancel, "the worker saw the cancellation");
            assertTrue(streamer.steps.get() < 1000, "it did not run to the end");
            // The single slot is free again.
            assertEquals(200, g.postUntilOk("/api/v1/stream", "{\"model\":\"s\",\"parts\":1}", 5_000).statusCode());
        }
    }

    @Test
    void readinessWaitsForEveryModelToLoad() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (GatewayHarness g = GatewayHarness.builder()
                .model("slow", TestWorkers.slowLoading(release), 1, 0, 30_000, 1).start()) {
            assertEquals(200, g.get("/health/live").statusCode());
            HttpResponse<String> notReady = g.get("/health/ready");
            assertEquals(503, notReady.statusCode());
            assertJsonError(g.post("/api/v1/echo", "{\"model\":\"slow\"}"), 503, "unavailable");
            release.countDown();
            g.awaitReady();
            assertEquals(200, g.post("/api/v1/echo", "{\"model\":\"slow\"}").statusCode());
        }
    }

    @Test
    void aModelThatFailsToLoadIsReportedNotHidden() throws Exception {
        try (GatewayHarness g = GatewayHarness.builder().model("broken", TestWorkers.brokenLoad(), 1, 0, 30_000, 1)
                .model("echo", TestWorkers.echo(), 1, 0, 30_000, 1).start()) {
            long end = System.currentTimeMillis() + 10_000;
            HttpResponse<String> r;
            do {
                r = g.post("/api/v1/echo", "{\"model\":\"broken\"}");
                Thread.sleep(20);
            } while (!r.body().contains("loading failed") && System.currentTimeMillis() < end);
            assertJsonError(r, 503, "unavailable");
            assertEquals(503, g.get("/health/ready").statusCode());
            assertEquals(200, g.post("/api/v1/echo", "{\"model\":\"echo\"}").statusCode());
        }
    }

    @Test
    void requestsGoToTheLeastBusyWorker() throws Exception {
        try (GatewayHarness g = GatewayHarness.builder()
                .model("echo", TestWorkers.echo(), 2, 0, 30_000, 1, Device.CPU, Device.CPU).start()) {
            g.awaitReady();
            CompletableFuture<HttpResponse<String>> a = g.postAsync("/api/v1/echo", "{\"model\":\"echo\",\"sleep_ms\":500}");
            Thread.sleep(100);
            CompletableFuture<HttpResponse<String>> b = g.postAsync("/api/v1/echo", "{\"model\":\"echo\",\"sleep_ms\":100}");
            int ia = GatewayHarness.json(a.get(10, TimeUnit.SECONDS)).getInteger("instance");
            int ib = GatewayHarness.json(b.get(10, TimeUnit.SECONDS)).getInteger("instance");
            assertNotEquals(ia, ib, "the second request went to the idle worker");
        }
    }

    @Test
    void aWorkerThatDiesFailsItsRequestsFastWith503() throws Exception {
        try (GatewayHarness g = GatewayHarness.builder().model("echo", TestWorkers.echo(), 2, 2, 60_000, 1).start()) {
            g.awaitReady();
            CompletableFuture<HttpResponse<String>> inFlight =
                    g.postAsync("/api/v1/echo", "{\"model\":\"echo\",\"sleep_ms\":30000}");
            Thread.sleep(200);
            long start = System.nanoTime();
            for (String id : g.gateway.vertx().deploymentIDs()) {
                g.gateway.vertx().undeploy(id);
            }
            HttpResponse<String> r = inFlight.get(10, TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertJsonError(r, 503, "unavailable");
            assertTrue(tookMs < 3_000, "failed fast, not at the 60 s deadline: " + tookMs + " ms");
            assertJsonError(g.post("/api/v1/echo", "{\"model\":\"echo\"}"), 503, "unavailable");
            assertEquals(503, g.get("/health/ready").statusCode());
        }
    }

    @Test
    void modelsMetricsAndHealthAnswer() throws Exception {
        try (GatewayHarness g = GatewayHarness.builder().model("echo", TestWorkers.echo(), 2, 2, 30_000, 1).start()) {
            g.awaitReady();
            g.post("/api/v1/echo", "{\"model\":\"echo\",\"text\":\"m\"}");
            g.post("/api/v1/echo", "{\"model\":\"nope\"}");

            JsonObject models = GatewayHarness.json(g.get("/v1/models"));
            assertEquals("list", models.getString("object"));
            JsonObject echo = models.getJsonArray("data").getJsonObject(0);
            assertEquals("echo", echo.getString("id"));
            assertEquals("model", echo.getString("object"));
            assertNotNull(echo.getLong("created"));
            assertEquals("atelier", echo.getString("owned_by"));

            HttpResponse<String> ready = g.get("/health/ready");
            assertEquals(200, ready.statusCode());
            assertEquals("UP", GatewayHarness.json(ready).getString("status"));

            String metrics = g.get("/metrics").body();
            assertTrue(metrics.contains("atelier_requests_total{code=\"ok\",device=\"cpu\",model=\"echo\",task=\"echo\"} 1.0"), metrics);
            assertTrue(metrics.contains("atelier_queue_depth{model=\"echo\"} 0.0"), metrics);
            assertTrue(metrics.contains("atelier_in_flight{model=\"echo\"} 0.0"), metrics);
            assertTrue(metrics.contains("atelier_worker_outstanding{device=\"cpu\""), metrics);
            assertTrue(metrics.contains("atelier_request_duration_seconds_count{code=\"ok\",model=\"echo\",task=\"echo\"} 1"), metrics);
            assertTrue(metrics.contains("atelier_http_errors_total{code=\"not_found\",status=\"404\"} 1.0"), metrics);
            assertTrue(metrics.contains("vertx_http_server_requests_total"), metrics);
        }
    }

    @Test
    void aDeviceTheMachineLacksIsAClearError() {
        GatewayConfig config = new GatewayConfig("127.0.0.1", 0, 1024 * 1024, List.of(), List.of(
                new ModelConfig("echo", List.of(Device.gpu(63)), 1, new PoolLimits(1, 0, 1000))), null);
        AtelierException e = assertThrows(AtelierException.class,
                () -> Gateway.start(config, Map.of("echo", TestWorkers.echo())));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("gpu:63"), e.getMessage());
    }
}
