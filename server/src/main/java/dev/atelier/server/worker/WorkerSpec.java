package dev.atelier.server.worker;

import dev.atelier.core.device.Device;

/** Identity of one worker: which model on which device, its event-bus id, and how many requests it runs at once. */
public record WorkerSpec(String id, String model, Device device, int concurrency) {
    public WorkerSpec {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
    }
}
