package dev.atelier.server.bench;

import dev.atelier.core.device.Device;
import dev.atelier.server.worker.ModelHandler;
import dev.atelier.server.worker.WorkContext;
import dev.atelier.server.worker.WorkRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The baseline of the gateway benchmark: the same handler called in-process on one thread, as a
 * library user would, with no HTTP, event bus or worker pool in between.
 */
public final class DirectLoad {
    private DirectLoad() {
    }

    public static Latencies.Summary run(ModelHandler handler, WorkRequest request, Duration warmup, Duration measure)
            throws Exception {
        WorkContext context = new WorkContext() {
            @Override
            public Device device() {
                return Device.CPU;
            }

            @Override
            public void emit(JsonObject part) {
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        Latencies latencies = new Latencies();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        long sink = 0;
        for (long now = start; now < end; ) {
            JsonObject result = handler.handle(request, context);
            long done = System.nanoTime();
            sink += result.size();
            if (now >= measureFrom) {
                latencies.record(done - now);
            }
            now = done;
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results alive for the JIT
        }
        return latencies.summarize(measure.toNanos() / 1e9);
    }
}
