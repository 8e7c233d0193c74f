package dev.atelier.server.cluster;

import dev.atelier.core.device.Device;
import dev.atelier.server.Gateway;
import dev.atelier.server.TestWorkers;
import dev.atelier.server.config.ClusterConfig;
import dev.atelier.server.config.GatewayConfig;
import dev.atelier.server.config.ModelConfig;
import dev.atelier.server.config.Role;
import dev.atelier.server.routing.PoolLimits;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A worker-only node for {@link ClusterTest}, run in its own JVM: the production node start-up
 * ({@link Gateway#start} with role {@code worker}) serving the test echo model to the cluster named
 * by the first argument. Prints {@code WORKER READY} once it has joined, then runs until killed.
 */
public final class EchoWorkerNode {
    public static void main(String[] args) throws Exception {
        GatewayConfig config = new GatewayConfig("127.0.0.1", 0, 1 << 20, List.of(),
                List.of(new ModelConfig("echo", List.of(Device.CPU), 2, new PoolLimits(4, 4, 30_000))),
                null, Role.WORKER, ClusterConfig.loopback(args[0]));
        Gateway.start(config, Map.of("echo", TestWorkers.echo())).toCompletionStage().toCompletableFuture()
                .get(120, TimeUnit.SECONDS);
        System.out.println("WORKER READY");
        System.out.flush();
        Thread.currentThread().join();
    }
}
