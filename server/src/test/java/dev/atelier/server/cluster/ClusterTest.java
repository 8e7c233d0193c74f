package dev.atelier.server.cluster;

import static dev.atelier.server.GatewayTest.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.device.Device;
import dev.atelier.server.Gateway;
import dev.atelier.server.GatewayHarness;
import dev.atelier.server.config.ClusterConfig;
import dev.atelier.server.config.GatewayConfig;
import dev.atelier.server.config.ModelConfig;
import dev.atelier.server.config.Role;
import dev.atelier.server.routing.PoolLimits;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scale-out over a real cluster manager, on loopback: this JVM is a gateway-only node; the model
 * runs in a second JVM that joins the same Hazelcast cluster. Requests are served remotely; killing
 * the worker JVM gives fast 503s; a new worker JVM restores service without restarting the gateway.
 */
class ClusterTest {
    private final List<Process> workers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void killWorkers() {
        workers.forEach(Process::destroyForcibly);
    }

    private Process startWorkerNode(String cluster) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Datelier.cache.dir=" + System.getProperty("atelier.cache.dir", "target/native-cache"),
                "-Duser.home=" + System.getProperty("user.home"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                EchoWorkerNode.class.getName(), cluster));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        workers.add(p);
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.contains("WORKER READY")) {
                        ready.countDown();
                    }
                }
            } catch (Exception ignored) {
                // the process was killed
            }
        }, "worker-node-output");
        reader.setDaemon(true);
        reader.start();
        assertTrue(ready.await(120, TimeUnit.SECONDS), "worker node joined the cluster");
        return p;
    }

    private HttpResponse<String> echo(Gateway g, long sleepMs) throws Exception {
        return echoAsync(g, sleepMs).get(60, TimeUnit.SECONDS);
    }

    private CompletableFuture<HttpResponse<String>> echoAsync(Gateway g, long sleepMs) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + "/api/v1/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"echo\",\"text\":\"x\",\"sleep_ms\":" + sleepMs + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitReady(Gateway g) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (!g.manager().ready() && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        assertTrue(g.manager().ready(), "the gateway saw the remote worker");
    }

    @Test
    void aGatewayNodeServesThroughARemoteWorkerAndSurvivesItsDeath() throws Exception {
        String cluster = "atelier-test-" + UUID.randomUUID();
        GatewayConfig config = new GatewayConfig("127.0.0.1", 0, 1 << 20, List.of(),
                List.of(new ModelConfig("echo", List.of(Device.CPU), 1, new PoolLimits(4, 4, 60_000))),
                null, Role.GATEWAY, ClusterConfig.loopback(cluster));
        try (Gateway gateway = Gateway.start(config, Map.of()).toCompletionStage().toCompletableFuture()
                .get(120, TimeUnit.SECONDS)) {
            assertJsonError(echo(gateway, 0), 503, "unavailable");

            Process first = startWorkerNode(cluster);
            awaitReady(gateway);
            HttpResponse<String> served = echo(gateway, 0);
            assertEquals(200, served.statusCode(), served.body());
            long pid = GatewayHarness.json(served).getLong("pid");
            assertEquals(first.pid(), pid, "served by the worker JVM");
            assertNotEquals(ProcessHandle.current().pid(), pid);

            CompletableFuture<HttpResponse<String>> inFlight = echoAsync(gateway, 30_000);
            Thread.sleep(500);
            long killed = System.nanoTime();
            first.destroyForcibly();
            HttpResponse<String> orphan = inFlight.get(30, TimeUnit.SECONDS);
            long failedAfterMs = (System.nanoTime() - killed) / 1_000_000;
            assertJsonError(orphan, 503, "unavailable");
            System.out.println("in-flight request failed " + failedAfterMs + " ms after the worker JVM was killed");
            assertTrue(failedAfterMs < 10_000, "in-flight request failed fast, after " + failedAfterMs + " ms");
            long start = System.nanoTime();
            assertJsonError(echo(gateway, 0), 503, "unavailable");
            assertTrue((System.nanoTime() - start) / 1_000_000 < 1_000, "later requests fail at once");

            Process second = startWorkerNode(cluster);
            awaitReady(gateway);
            HttpResponse<String> again = echo(gateway, 0);
            assertEquals(200, again.statusCode(), again.body());
            assertEquals(second.pid(), GatewayHarness.json(again).getLong("pid"), "served by the new worker JVM");
        }
    }
}
