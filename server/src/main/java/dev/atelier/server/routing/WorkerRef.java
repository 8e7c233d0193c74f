package dev.atelier.server.routing;

import dev.atelier.server.worker.WorkerSpec;

/** The gateway's view of one live worker: where to send, and how many requests it holds now. */
final class WorkerRef {
    final WorkerSpec spec;
    int outstanding; // guarded by the owning ModelPool

    WorkerRef(WorkerSpec spec) {
        this.spec = spec;
    }
}
