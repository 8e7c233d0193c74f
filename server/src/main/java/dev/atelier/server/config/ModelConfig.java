package dev.atelier.server.config;

import dev.atelier.core.device.Device;
import dev.atelier.server.routing.PoolLimits;
import java.util.List;

/**
 * How one model is served: on which devices (one worker per entry; repeat a device for more
 * workers on it), how many requests each worker runs at once, and the model's admission limits.
 */
public record ModelConfig(String name, List<Device> devices, int workerConcurrency, PoolLimits limits) {
    public static final int DEFAULT_MAX_IN_FLIGHT = 4;
    public static final int DEFAULT_MAX_QUEUE = 16;
    public static final long DEFAULT_TIMEOUT_MS = 120_000;

    public ModelConfig {
        devices = List.copyOf(devices);
    }

    /** One CPU worker with the default limits: what a model gets when no config names it. */
    public static ModelConfig defaults(String name) {
        return new ModelConfig(name, List.of(Device.CPU), 1,
                new PoolLimits(DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_QUEUE, DEFAULT_TIMEOUT_MS));
    }
}
