package dev.atelier.server;

import dev.atelier.core.device.Devices;
import dev.atelier.core.device.Device;
import dev.atelier.core.error.AtelierException;
import dev.atelier.server.config.GatewayConfig;
import dev.atelier.server.config.ModelConfig;
import dev.atelier.server.http.GatewayRouter;
import dev.atelier.server.metrics.GatewayMetrics;
import dev.atelier.server.routing.ModelPool;
import dev.atelier.server.routing.WorkloadManager;
import dev.atelier.server.worker.WorkerSpec;
import dev.atelier.server.worker.WorkerVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles and runs the gateway: one Vert.x instance with Prometheus metrics, a
 * {@link WorkloadManager} with a pool per configured model, one {@link WorkerVerticle} per
 * (model, device) entry, and the HTTP server in front. The HTTP server starts at once; workers load
 * in the background and {@code /health/ready} turns UP when all have loaded.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Vertx vertx;
    private final WorkloadManager manager;
    private final HttpServer server;

    private Gateway(Vertx vertx, WorkloadManager manager, HttpServer server) {
        this.vertx = vertx;
        this.manager = manager;
        this.server = server;
    }

    /**
     * Starts a gateway serving {@code config.models()}, each loaded through its binding.
     * Devices are checked against the machine before anything starts.
     */
    public static Future<Gateway> start(GatewayConfig config, Map<String, ModelBinding> bindings) {
        requireAuthOffLoopback(config);
        for (ModelConfig model : config.models()) {
            if (!bindings.containsKey(model.name())) {
                throw new IllegalArgumentException("no binding for model '" + model.name() + "'");
            }
            model.devices().forEach(Devices::require);
        }
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                        .setEnabled(true)
                        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))))
                .withMetrics(new MicrometerMetricsFactory(prometheus))
                .build();
        GatewayMetrics metrics = new GatewayMetrics(prometheus);
        WorkloadManager manager = new WorkloadManager(vertx);

        AtomicInteger workerNumber = new AtomicInteger();
        for (ModelConfig model : config.models()) {
            ModelBinding binding = bindings.get(model.name());
            ModelPool pool = new ModelPool(model.name(), binding.tasks(), model.limits(), model.devices().size(),
                    vertx, metrics);
            manager.addPool(pool);
            for (Device device : model.devices()) {
                WorkerSpec spec = new WorkerSpec(model.name() + "@" + device + "#" + workerNumber.incrementAndGet(),
                        model.name(), device, model.workerConcurrency());
                vertx.deployVerticle(new WorkerVerticle(spec, binding.factory()))
                        .onSuccess(id -> {
                            LOG.info("model '{}' loaded on {}", model.name(), device);
                            manager.workerUp(spec);
                        })
                        .onFailure(e -> {
                            LOG.error("model '{}' failed to load on {}", model.name(), device, e);
                            manager.workerFailedToLoad(spec, "loading failed on " + device + ": " + safeMessage(e));
                        });
            }
        }

        long started = System.currentTimeMillis() / 1000;
        var router = GatewayRouter.create(vertx, manager, metrics, prometheus, config, started);
        return vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
                .requestHandler(router)
                .listen()
                .map(server -> new Gateway(vertx, manager, server))
                .onFailure(e -> vertx.close());
    }

    /** Anonymous access is the default only on loopback; anywhere else it must be asked for. */
    private static void requireAuthOffLoopback(GatewayConfig config) {
        if (config.access().keys().isEmpty() && !config.access().allowAnonymous() && !isLoopback(config.host())) {
            throw AtelierException.invalidArgument("auth", "refusing to serve on " + config.host()
                    + " without API keys: add auth.keys to the config, or set auth.allowAnonymous to true");
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A typed error's message is written for users; anything else is reduced to its kind. */
    private static String safeMessage(Throwable e) {
        return e instanceof AtelierException ae ? ae.getMessage() : "internal error while loading";
    }

    public int port() {
        return server.actualPort();
    }

    public Vertx vertx() {
        return vertx;
    }

    public WorkloadManager manager() {
        return manager;
    }

    /**
     * Stops the HTTP server, then Vert.x, which stops every worker (they fail what they still hold).
     * Called from a non-Vert.x thread: the two steps are awaited here, because a callback chained
     * onto the closing Vert.x would be scheduled on an event loop that no longer runs.
     */
    @Override
    public void close() throws Exception {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
