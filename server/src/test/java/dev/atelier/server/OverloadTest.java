package dev.atelier.server;

import static dev.atelier.server.GatewayTest.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.server.routing.ModelPool;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Sustained overload and stuck models: the gateway stays correct, bounded and responsive. */
class OverloadTest {
    static final int IN_FLIGHT = 4;
    static final int QUEUE = 4;
    static final int CLIENTS = 10 * (IN_FLIGHT + QUEUE);

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Test
    void tenTimesMoreClientsThanCapacityForThirtySecondsGetOnly200sAnd429s() throws Exception {
        try (GatewayHarness g = GatewayHarness.builder()
                .model("echo", TestWorkers.echo(), IN_FLIGHT, QUEUE, 30_000, IN_FLIGHT).start()) {
            g.awaitReady();
            long heapBefore = usedHeapAfterGc();
            Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
            AtomicLong sent = new AtomicLong();
            AtomicLong answered = new AtomicLong();
            AtomicLong busyWithoutRetryAfter = new AtomicLong();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<Future<?>> clients = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    clients.add(pool.submit(() -> {
                        for (int i = 0; System.nanoTime() < end; i++) {
                            HttpRequest request = HttpRequest.newBuilder(g.uri("/api/v1/echo"))
                                    .timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"echo\",\"text\":\"c" + client
                                            + "-" + i + "\",\"sleep_ms\":20}")).build();
                            sent.incrementAndGet();
                            HttpResponse<String> r = g.http.send(request, HttpResponse.BodyHandlers.ofString());
                            answered.incrementAndGet();
                            statuses.computeIfAbsent(r.statusCode(), s -> new AtomicLong()).incrementAndGet();
                            if (r.statusCode() == 200) {
                                assertEquals("c" + client + "-" + i, GatewayHarness.json(r).getString("echo"));
                            } else if (r.headers().firstValue("retry-after").isEmpty()) {
                                busyWithoutRetryAfter.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : clients) {
                    f.get(90, TimeUnit.SECONDS); // a client whose request failed or never came back fails here
                }
            }
            System.out.printf("overload: %d clients, %d requests in 30 s, answers by status %s%n", CLIENTS, sent.get(),
                    statuses);
            assertEquals(sent.get(), answered.get(), "every request was answered");
            assertTrue(statuses.containsKey(200), "requests were served throughout: " + statuses);
            assertTrue(statuses.keySet().stream().allMatch(s -> s == 200 || s == 429), "only 200 and 429: " + statuses);
            assertTrue(statuses.containsKey(429), "10× the capacity must see 429s: " + statuses);
            assertEquals(0, busyWithoutRetryAfter.get(), "every 429 carries Retry-After");

            ModelPool pool = g.gateway.manager().pool("echo");
            assertEquals(0, pool.inFlight(), "no slot leaked");
            assertEquals(0, pool.queueDepth(), "nothing left queued");
            long grown = usedHeapAfterGc() - heapBefore;
            System.out.printf("overload: heap after − before (after GC) = %.1f MiB%n", grown / 1048576.0);
            assertTrue(grown < 64L << 20, "heap stays bounded, grew " + (grown >> 20) + " MiB");
            assertEquals(200, g.post("/api/v1/echo", "{\"model\":\"echo\",\"text\":\"after\"}").statusCode());
        }
    }

    @Test
    void aHangingOrThrowingModelNeverBlocksTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (GatewayHarness g = GatewayHarness.builder()
                .model("hang", TestWorkers.hanging(release), 2, 2, 500, 2)
                .model("fail", TestWorkers.failing(), 2, 2, 30_000, 1)
                .model("echo", TestWorkers.echo(), 2, 2, 30_000, 2).start()) {
            g.awaitReady();
            List<CompletableFuture<HttpResponse<String>>> stuck = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                stuck.add(g.postAsync("/api/v1/hang", "{\"model\":\"hang\"}"));
                g.postAsync("/api/v1/fail", "{\"model\":\"fail\"}");
            }
            // While 'hang' holds both its worker threads, the other model answers at once, again and again.
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                HttpResponse<String> r = g.post("/api/v1/echo", "{\"model\":\"echo\",\"text\":\"alive " + i + "\"}");
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(ms < 2_000, "echo answered in " + ms + " ms");
            }
            // The stuck model's callers are not left hanging either: 504 at the deadline, or 429 when full.
            for (var f : stuck) {
                HttpResponse<String> r = f.get(10, TimeUnit.SECONDS);
                if (r.statusCode() == 504) {
                    assertJsonError(r, 504, "deadline_exceeded");
                } else {
                    assertJsonError(r, 429, "resource_exhausted");
                }
            }
            assertJsonError(g.post("/api/v1/fail", "{\"model\":\"fail\"}"), 500, "internal");
            assertEquals(200, g.get("/health/live").statusCode());
            release.countDown(); // let the stuck threads end before the gateway stops
        } finally {
            release.countDown();
        }
    }
}
