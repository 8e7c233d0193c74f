package dev.atelier.server.config;

import java.util.List;

/**
 * How this node joins an Atelier cluster (Vert.x clustered event bus over Hazelcast): the cluster's
 * name (nodes with other names never merge), the address this node listens on and announces, the
 * first Hazelcast port (the next free one is taken when it is busy), and the addresses of the other
 * members (TCP/IP discovery: no multicast needed). Members are host names or IPs, optionally with
 * {@code :port}; without a port, Hazelcast tries the three ports from 5701.
 */
public record ClusterConfig(String name, String host, int port, List<String> members) {
    public static final String DEFAULT_NAME = "atelier";
    public static final int DEFAULT_PORT = 5701;

    public ClusterConfig {
        members = List.copyOf(members);
    }

    /** A cluster on this machine only: every member on loopback. */
    public static ClusterConfig loopback(String name) {
        return new ClusterConfig(name, "127.0.0.1", DEFAULT_PORT, List.of("127.0.0.1"));
    }
}
