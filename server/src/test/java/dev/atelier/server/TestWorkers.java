package dev.atelier.server;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.Progress;
import dev.atelier.server.worker.StreamedProgress;
import java.time.Duration;
import dev.atelier.server.worker.HandlerFactory;
import dev.atelier.server.worker.ModelHandler;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test doubles for the gateway's mechanics: workers that are slow, fail, crash or stream. They live
 * only in tests; the thing under test is the gateway around them.
 */
public final class TestWorkers {
    private TestWorkers() {
    }

    static final AtomicInteger INSTANCES = new AtomicInteger();

    /** Echoes its arguments after {@code sleep_ms} (checked for cancellation every 10 ms), naming its worker instance. */
    public static ModelBinding echo() {
        return new ModelBinding(Set.of("echo"), (model, device) -> {
            int instance = INSTANCES.incrementAndGet();
            return (request, ctx) -> {
                long sleep = request.body().getLong("sleep_ms", 0L);
                if (sleep < 0) {
                    throw AtelierException.invalidArgument("sleep_ms", "'sleep_ms' must not be negative");
                }
                long end = System.currentTimeMillis() + sleep;
                while (System.currentTimeMillis() < end) {
                    ctx.checkCancelled();
                    Thread.sleep(10);
                }
                return new JsonObject().put("echo", request.body().getValue("text"))
                        .put("instance", instance).put("device", ctx.device().toString())
                        .put("pid", ProcessHandle.current().pid());
            };
        });
    }

    /** Throws an unexpected exception (with a message that must not leak) on every request. */
    static ModelBinding failing() {
        return new ModelBinding(Set.of("fail"), (model, device) -> (request, ctx) -> {
            if (request.body().getBoolean("error", false)) {
                throw new StackOverflowError("deep inside /secret/path/Model.java");
            }
            throw new IllegalStateException("secret detail at /opt/models/weights.bin");
        });
    }

    /** Streams {@code parts} parts, one every 50 ms, counting steps and noticing cancellation. */
    static final class Streamer {
        final AtomicInteger steps = new AtomicInteger();
        final CountDownLatch stopped = new CountDownLatch(1);
        volatile boolean sawCancel;

        ModelBinding binding() {
            HandlerFactory factory = (model, device) -> (request, ctx) -> {
                int parts = request.body().getInteger("parts", 5);
                try {
                    for (int i = 0; i < parts; i++) {
                        if (ctx.isCancelled()) {
                            sawCancel = true;
                            ctx.checkCancelled();
                        }
                        steps.incrementAndGet();
                        ctx.emit(new JsonObject().put("part", i));
                        Thread.sleep(50);
                    }
                    return new JsonObject().put("parts", parts);
                } finally {
                    stopped.countDown();
                }
            };
            return new ModelBinding(Set.of("stream"), factory);
        }
    }

    /** A batch job that reports through core's {@link Progress}, streamed by {@link StreamedProgress}. */
    static ModelBinding progressReporting() {
        return new ModelBinding(Set.of("batch"), (model, device) -> (request, ctx) -> {
            int n = request.body().getInteger("n", 4);
            try (Progress progress = Progress.start("batch", n, "images", new StreamedProgress(ctx), Duration.ZERO)) {
                for (int i = 0; i < n; i++) {
                    Thread.sleep(5);
                    progress.metric("images/s", 200.0);
                    progress.step();
                }
            }
            return new JsonObject().put("images", n);
        });
    }

    /** A model whose loading takes {@code millis}: readiness must wait for it. */
    static ModelBinding slowLoading(CountDownLatch release) {
        return new ModelBinding(Set.of("echo"), (model, device) -> {
            release.await();
            ModelHandler h = (request, ctx) -> new JsonObject().put("loaded", true);
            return h;
        });
    }

    /** Hangs on every request until {@code release} opens, ignoring cancellation: a stuck model. */
    static ModelBinding hanging(CountDownLatch release) {
        return new ModelBinding(Set.of("hang"), (model, device) -> (request, ctx) -> {
            release.await();
            return new JsonObject().put("released", true);
        });
    }

    /** A model that cannot be loaded at all. */
    static ModelBinding brokenLoad() {
        return new ModelBinding(Set.of("echo"), (model, device) -> {
            throw new java.io.IOException("corrupt file /srv/models/x.bin");
        });
    }
}
