package dev.atelier.cli;

import dev.atelier.core.model.ModelManifest;
import dev.atelier.core.model.ModelStore;
import dev.atelier.server.Capabilities;
import dev.atelier.server.Gateway;
import dev.atelier.server.ModelBinding;
import dev.atelier.server.config.ConfigLoader;
import dev.atelier.server.config.GatewayConfig;
import dev.atelier.server.config.ModelConfig;
import dev.atelier.server.config.Role;
import dev.atelier.server.diagnostics.EchoHandler;
import dev.atelier.core.error.AtelierException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code atelier serve}: starts the gateway and serves until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the gateway. Without --config it serves every embedded default model on CPU.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", description = "Gateway config file (JSON; see docs/CONFIGURATION.md).")
    Path config;

    @Option(names = "--port", description = "Port to listen on (overrides the config; default 8080, 0 = any free port).")
    Integer port;

    @Option(names = "--host", description = "Address to bind (overrides the config; default 127.0.0.1).")
    String host;

    @Option(names = "--role", description = "both (default), gateway (HTTP only, workers elsewhere in the cluster) or worker (models only, for the cluster's gateways); overrides the config.")
    Role role;

    @Option(names = "--echo", description = "Also serve the diagnostics model 'echo' (POST /api/v1/echo answers {\"echo\": text} at once; for load tests and checking a deployment).")
    boolean echo;

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg = config == null ? GatewayConfig.defaults() : ConfigLoader.load(config);
        if (port != null) {
            cfg = cfg.withPort(port);
        }
        if (host != null) {
            cfg = cfg.withHost(host);
        }
        if (role != null) {
            cfg = cfg.withRole(role);
        }
        if (cfg.role() != Role.BOTH && !cfg.clustered()) {
            throw AtelierException.invalidArgument("role", "role " + cfg.role().name().toLowerCase(java.util.Locale.ROOT)
                    + " needs a cluster: add a \"cluster\" section to the config (docs/CONFIGURATION.md)");
        }
        ModelStore store = cfg.modelDirs().isEmpty() ? ModelStore.defaultStore() : new ModelStore(cfg.modelDirs());
        List<ModelConfig> models = new ArrayList<>(cfg.models());
        if (models.isEmpty()) {
            for (ModelManifest m : store.list()) {
                if (Capabilities.serves(m)) {
                    models.add(ModelConfig.defaults(m.name()));
                }
            }
        }
        Map<String, ModelBinding> bindings = new LinkedHashMap<>();
        if (cfg.role().runsWorkers()) { // a gateway-only node loads nothing: it learns tasks from its workers
            for (ModelConfig m : models) {
                bindings.put(m.name(), Capabilities.bind(store, m.name()));
            }
        }
        if (echo) {
            models.add(EchoHandler.config(2, 256, 256));
            bindings.put(EchoHandler.MODEL, EchoHandler.binding());
        }
        cfg = cfg.withModels(models);

        Gateway gateway = Gateway.start(cfg, bindings).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        String names = models.isEmpty() ? "none" : String.join(", ", models.stream().map(ModelConfig::name).toList());
        String cluster = cfg.clustered() ? " in cluster '" + cfg.cluster().name() + "'" : "";
        if (cfg.role().servesHttp()) {
            System.out.printf("atelier %s listening on http://%s:%d%s (models: %s)%n",
                    cfg.role() == Role.GATEWAY ? "gateway node" : "gateway", cfg.host(), gateway.port(), cluster, names);
        } else {
            System.out.printf("atelier worker node%s serving models: %s%n", cluster, names);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                gateway.close();
            } catch (Exception ignored) {
                // shutting down anyway
            }
            stopped.countDown();
        }, "atelier-shutdown"));
        stopped.await();
        return 0;
    }
}
