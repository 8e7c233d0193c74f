package dev.atelier.server;

import dev.atelier.server.worker.HandlerFactory;
import java.util.Set;

/** What the gateway needs to serve one model: the tasks it offers and how to load it onto a device. */
public record ModelBinding(Set<String> tasks, HandlerFactory factory) {
    public ModelBinding {
        tasks = Set.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a model must offer at least one task");
        }
    }
}
