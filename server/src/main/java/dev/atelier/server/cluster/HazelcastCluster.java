package dev.atelier.server.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.atelier.server.config.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A clustered Vert.x over Hazelcast, set up for machines that find each other by address: TCP/IP
 * member list, no multicast or cloud auto-detection, no phone-home, Hazelcast and the event bus
 * bound to the configured host only. Vert.x's own Hazelcast settings (its maps and their backups)
 * come from {@link ConfigUtil#loadConfig()}; only discovery and addresses are changed here.
 */
public final class HazelcastCluster {
    private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

    private final HazelcastInstance hazelcast;
    private final HazelcastClusterManager manager;
    private final Vertx vertx;

    private HazelcastCluster(HazelcastInstance hazelcast, HazelcastClusterManager manager, Vertx vertx) {
        this.hazelcast = hazelcast;
        this.manager = manager;
        this.vertx = vertx;
    }

    /** Joins (or founds) the cluster; blocks while Hazelcast finds its members, so call it off the event loop. */
    public static Future<HazelcastCluster> join(ClusterConfig cluster, VertxOptions options, VertxMetricsFactory metrics) {
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(hazelcastConfig(cluster));
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast);
        options.setEventBusOptions(new EventBusOptions().setHost(cluster.host()).setClusterPublicHost(cluster.host())
                .setPort(0));
        return Vertx.builder().with(options).withMetrics(metrics).withClusterManager(manager).buildClustered()
                .map(vertx -> new HazelcastCluster(hazelcast, manager, vertx))
                .onFailure(e -> hazelcast.shutdown());
    }

    static Config hazelcastConfig(ClusterConfig cluster) {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(cluster.name());
        // Vert.x finds its node id in this member attribute when it is handed a running Hazelcast.
        config.getMemberAttributeConfig().setAttribute(NODE_ID_ATTRIBUTE, UUID.randomUUID().toString());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false"); // the gateway shuts down in order itself
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(cluster.port()).setPortAutoIncrement(true).setPublicAddress(cluster.host());
        network.getInterfaces().setEnabled(true).addInterface(cluster.host());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).getMembers().clear();
        cluster.members().forEach(join.getTcpIpConfig()::addMember);
        return config;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** This node's id, as Vert.x and Hazelcast name it. */
    public String nodeId() {
        return manager.getNodeId();
    }

    /** Calls {@code listener} with the id of every node that leaves (stopped, crashed or cut off). */
    public void onNodeLeft(Consumer<String> listener) {
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String node = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
                if (node != null) {
                    listener.accept(node);
                }
            }
        });
    }

    /** Leaves the cluster; call after Vert.x has closed. */
    public void shutdown() {
        hazelcast.shutdown();
    }
}
