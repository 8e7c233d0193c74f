package dev.atelier.server;

import dev.atelier.core.device.Devices;
import dev.atelier.core.device.Device;
import dev.atelier.core.error.AtelierException;
import dev.atelier.server.cluster.HazelcastCluster;
import dev.atelier.server.config.GatewayConfig;
import dev.atelier.server.config.Role;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles and runs one Atelier node: a Vert.x instance with Prometheus metrics (clustered over
 * Hazelcast when configured); as a gateway, a {@link WorkloadManager} with a pool per configured
 * model and the HTTP server in front; as a worker node, one {@link WorkerVerticle} per (model,
 * device) entry. The HTTP server starts at once; workers load in the background, announce
 * themselves on the event bus (locally or across the cluster), and {@code /health/ready} turns UP
 * when every model has its workers.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Vertx vertx;
    private final WorkloadManager manager;
    private final HttpServer server;
    private final HazelcastCluster cluster;

    private Gateway(Vertx vertx, WorkloadManager manager, HttpServer server, HazelcastCluster cluster) {
        this.vertx = vertx;
        this.manager = manager;
        this.server = server;
        this.cluster = cluster;
    }

    /**
     * Starts a node as its config's role says: serving HTTP for {@code config.models()}, running
     * their workers (each loaded through its binding), or both; clustered when the config names a
     * cluster. Devices are checked against the machine before anything starts. Joining a cluster
     * blocks while Hazelcast finds its members: call this off the event loop.
     */
    public static Future<Gateway> start(GatewayConfig config, Map<String, ModelBinding> bindings) {
        Role role = config.role();
        if (role.servesHttp()) {
            requireAuthOffLoopback(config);
        }
        if (role.runsWorkers()) {
            for (ModelConfig model : config.models()) {
                if (!bindings.containsKey(model.name())) {
                    throw new IllegalArgumentException("no binding for model '" + model.name() + "'");
                }
                model.devices().forEach(Devices::require);
            }
        }
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                .setEnabled(true)
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
        MicrometerMetricsFactory metricsFactory = new MicrometerMetricsFactory(prometheus);
        if (!config.clustered()) {
            Vertx vertx = Vertx.builder().with(options).withMetrics(metricsFactory).build();
            return assemble(vertx, null, config, bindings, prometheus);
        }
        return HazelcastCluster.join(config.cluster(), options, metricsFactory)
                .compose(cluster -> assemble(cluster.vertx(), cluster, config, bindings, prometheus)
                        .onFailure(e -> cluster.shutdown()));
    }

    private static Future<Gateway> assemble(Vertx vertx, HazelcastCluster cluster, GatewayConfig config,
                                            Map<String, ModelBinding> bindings, PrometheusMeterRegistry prometheus) {
        GatewayMetrics metrics = new GatewayMetrics(prometheus);
        Role role = config.role();
        String node = cluster == null ? WorkerSpec.LOCAL_NODE : cluster.nodeId();
        WorkloadManager manager = null;
        if (role.servesHttp()) {
            WorkloadManager m = new WorkloadManager(vertx, metrics, cluster != null);
            for (ModelConfig model : config.models()) {
                ModelBinding binding = bindings.get(model.name());
                m.addPool(new ModelPool(model.name(), binding == null ? Set.of() : binding.tasks(), model.limits(),
                        role.runsWorkers() ? model.devices().size() : 1, vertx, metrics));
            }
            if (cluster != null) {
                cluster.onNodeLeft(left -> vertx.runOnContext(v -> m.nodeLeft(left)));
            }
            manager = m;
        }
        if (role.runsWorkers()) {
            deployWorkers(vertx, config, bindings, node, manager);
        }
        WorkloadManager finalManager = manager;
        if (!role.servesHttp()) {
            return Future.succeededFuture(new Gateway(vertx, null, null, cluster));
        }
        long started = System.currentTimeMillis() / 1000;
        var router = GatewayRouter.create(vertx, manager, metrics, prometheus, config, started);
        return vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
                .requestHandler(router)
                .listen()
                .map(server -> new Gateway(vertx, finalManager, server, cluster))
                .onFailure(e -> vertx.close());
    }

    /** One worker per (model, device); each announces itself on the event bus once loaded. */
    private static void deployWorkers(Vertx vertx, GatewayConfig config, Map<String, ModelBinding> bindings,
                                      String node, WorkloadManager manager) {
        AtomicInteger workerNumber = new AtomicInteger();
        for (ModelConfig model : config.models()) {
            ModelBinding binding = bindings.get(model.name());
            for (Device device : model.devices()) {
                WorkerSpec spec = new WorkerSpec(model.name() + "@" + device + "#" + workerNumber.incrementAndGet()
                        + "@" + node, model.name(), device, model.workerConcurrency(), binding.tasks(), node);
                vertx.deployVerticle(new WorkerVerticle(spec, binding.factory()))
                        .onSuccess(id -> LOG.info("model '{}' loaded on {}", model.name(), device))
                        .onFailure(e -> {
                            LOG.error("model '{}' failed to load on {}", model.name(), device, e);
                            if (manager != null) {
                                manager.workerFailedToLoad(spec, "loading failed on " + device + ": " + safeMessage(e));
                            }
                        });
            }
        }
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

    /** The HTTP port, or -1 on a worker-only node. */
    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    public Vertx vertx() {
        return vertx;
    }

    public WorkloadManager manager() {
        return manager;
    }

    /**
     * Stops the HTTP server, then Vert.x, which stops every worker (they fail what they still hold),
     * then leaves the cluster.
     * Called from a non-Vert.x thread: the two steps are awaited here, because a callback chained
     * onto the closing Vert.x would be scheduled on an event loop that no longer runs.
     */
    @Override
    public void close() throws Exception {
        try {
            if (server != null) {
                server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } finally {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } finally {
                if (cluster != null) {
                    cluster.shutdown();
                }
            }
        }
    }
}
