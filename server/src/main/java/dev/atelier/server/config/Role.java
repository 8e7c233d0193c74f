package dev.atelier.server.config;

/**
 * What a node does: {@link #BOTH} (the default) serves HTTP and runs its configured workers;
 * {@link #GATEWAY} only serves HTTP, routing to workers elsewhere in the cluster; {@link #WORKER}
 * only runs workers for the cluster's gateways.
 */
public enum Role {
    BOTH, GATEWAY, WORKER;

    public boolean servesHttp() {
        return this != WORKER;
    }

    public boolean runsWorkers() {
        return this != GATEWAY;
    }
}
