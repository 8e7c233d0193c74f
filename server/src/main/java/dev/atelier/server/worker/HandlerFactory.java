package dev.atelier.server.worker;

import dev.atelier.core.device.Device;

/** Loads a model onto a device for one worker. Loading may be slow; it runs on a worker thread. */
@FunctionalInterface
public interface HandlerFactory {
    ModelHandler load(String model, Device device) throws Exception;
}
