package dev.atelier.cli;

import dev.atelier.server.Gateway;
import dev.atelier.server.ModelBinding;
import dev.atelier.server.bench.DirectLoad;
import dev.atelier.server.bench.HttpLoad;
import dev.atelier.server.bench.Latencies;
import dev.atelier.server.config.ClusterConfig;
import dev.atelier.server.config.GatewayConfig;
import dev.atelier.server.config.Role;
import dev.atelier.server.diagnostics.EchoHandler;
import dev.atelier.server.worker.WorkRequest;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atelier bench …}: benchmarks that print figures. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (they print figures).",
        subcommands = {BenchCommand.GatewayBench.class, BenchCommand.EchoWorkerNode.class})
final class BenchCommand {

    /**
     * What the gateway adds: the diagnostics {@code echo} model called directly in-process, then
     * through HTTP → event bus → worker on one connection (latency) and on many (throughput), in
     * one JVM; with {@code --cluster}, also with the worker in a second JVM joined over Hazelcast.
     * The load generator runs in this JVM too, on its own Vert.x instance, and shares the CPU.
     */
    @Command(name = "gateway", mixinStandardHelpOptions = true,
            description = "Requests/s and p50/p99 latency through the gateway with a trivial worker, next to a direct call.")
    static final class GatewayBench implements Callable<Integer> {
        @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per run (default ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--warmup", defaultValue = "3", description = "Warm-up seconds before each run (default ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--connections", defaultValue = "64", description = "Concurrent connections of the throughput run (default ${DEFAULT-VALUE}).")
        int connections;

        @Option(names = "--worker-threads", defaultValue = "2", description = "Requests the echo worker runs at once (default ${DEFAULT-VALUE}).")
        int workerThreads;

        @Option(names = "--cluster", description = "Also measure with the worker in a second JVM (Hazelcast on loopback).")
        boolean cluster;

        @Override
        public Integer call() throws Exception {
            Duration warm = Duration.ofSeconds(warmup);
            Duration measure = Duration.ofSeconds(seconds);
            String body = new JsonObject().put("model", EchoHandler.MODEL).put("text", "hello").encode();
            System.out.printf("atelier bench gateway: %d s runs after %d s warm-up; %d CPU cores; Java %s%n",
                    seconds, warmup, Runtime.getRuntime().availableProcessors(), Runtime.version());

            WorkRequest request = new WorkRequest("bench", EchoHandler.MODEL, EchoHandler.TASK, new JsonObject(body),
                    false, Long.MAX_VALUE);
            Latencies.Summary direct = DirectLoad.run(new EchoHandler(), request, warm, measure);
            print("direct in-process call (1 thread)", direct);

            Vertx load = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
            try {
                GatewayConfig config = new GatewayConfig("127.0.0.1", 0, GatewayConfig.DEFAULT_MAX_BODY_BYTES, List.of(),
                        List.of(EchoHandler.config(workerThreads, Math.max(connections, 1), connections)), null);
                try (Gateway gateway = start(config, Map.of(EchoHandler.MODEL, EchoHandler.binding()))) {
                    awaitReady(gateway);
                    Latencies.Summary one = HttpLoad.run(load, gateway.port(), "/api/v1/echo", body, 1, warm, measure);
                    print("gateway, 1 JVM, 1 connection", one);
                    Latencies.Summary many = HttpLoad.run(load, gateway.port(), "/api/v1/echo", body, connections, warm, measure);
                    print("gateway, 1 JVM, " + connections + " connections", many);
                    System.out.printf("gateway adds %.1f µs at p50 (1 connection, minus the direct call)%n",
                            (one.p50Millis() - direct.p50Millis()) * 1000);
                }
                if (cluster) {
                    clustered(load, body, warm, measure);
                }
            } finally {
                load.close().await();
            }
            return 0;
        }

        private void clustered(Vertx load, String body, Duration warm, Duration measure) throws Exception {
            String name = "atelier-bench-" + UUID.randomUUID();
            Process worker = startWorkerNode(name, workerThreads);
            try {
                GatewayConfig config = new GatewayConfig("127.0.0.1", 0, GatewayConfig.DEFAULT_MAX_BODY_BYTES, List.of(),
                        List.of(EchoHandler.config(workerThreads, Math.max(connections, 1), connections)), null,
                        Role.GATEWAY, ClusterConfig.loopback(name));
                try (Gateway gateway = start(config, Map.of())) {
                    awaitReady(gateway);
                    print("gateway + worker JVM, 1 connection",
                            HttpLoad.run(load, gateway.port(), "/api/v1/echo", body, 1, warm, measure));
                    print("gateway + worker JVM, " + connections + " connections",
                            HttpLoad.run(load, gateway.port(), "/api/v1/echo", body, connections, warm, measure));
                }
            } finally {
                worker.destroy();
                worker.waitFor(10, TimeUnit.SECONDS);
            }
        }

        private static Process startWorkerNode(String cluster, int threads) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java));
            // The same JVM flags as this one (Hazelcast's --add-opens, the offline settings).
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", Atelier.class.getName(),
                    "bench", "echo-worker", cluster, Integer.toString(threads)));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null; ) {
                if (line.contains(EchoWorkerNode.READY)) {
                    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "worker-node-output");
                    drain.setDaemon(true);
                    drain.start();
                    return p;
                }
            }
            throw new IllegalStateException("the worker JVM ended before joining the cluster");
        }

        private static Gateway start(GatewayConfig config, Map<String, ModelBinding> bindings)
                throws Exception {
            return Gateway.start(config, bindings).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        }

        private static void awaitReady(Gateway gateway) throws InterruptedException {
            long end = System.currentTimeMillis() + 60_000;
            while (!gateway.manager().ready() && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
            if (!gateway.manager().ready()) {
                throw new IllegalStateException("the echo worker never came up");
            }
        }

        private static void print(String what, Latencies.Summary s) {
            System.out.printf("%-38s %10.0f req/s   p50 %9.1f µs   p99 %9.1f µs   (%d ok, %d errors)%n",
                    what, s.perSecond(), s.p50Millis() * 1000, s.p99Millis() * 1000, s.requests(), s.errors());
        }
    }

    /** The worker JVM of {@code bench gateway --cluster}: serves the echo model to a loopback cluster. */
    @Command(name = "echo-worker", hidden = true)
    static final class EchoWorkerNode implements Callable<Integer> {
        static final String READY = "ECHO WORKER READY";

        @Parameters(index = "0")
        String cluster;

        @Parameters(index = "1", defaultValue = "2")
        int threads;

        @Override
        public Integer call() throws Exception {
            GatewayConfig config = new GatewayConfig("127.0.0.1", 0, GatewayConfig.DEFAULT_MAX_BODY_BYTES, List.of(),
                    List.of(EchoHandler.config(threads, 1, 0)), null, Role.WORKER, ClusterConfig.loopback(cluster));
            Gateway.start(config, Map.of(EchoHandler.MODEL, EchoHandler.binding())).toCompletionStage()
                    .toCompletableFuture().get(120, TimeUnit.SECONDS);
            System.out.println(READY);
            System.out.flush();
            Thread.currentThread().join();
            return 0;
        }
    }
}
