package dev.atelier.server.diagnostics;

import dev.atelier.server.ModelBinding;
import dev.atelier.server.config.ModelConfig;
import dev.atelier.server.routing.PoolLimits;
import dev.atelier.server.worker.ModelHandler;
import dev.atelier.server.worker.WorkContext;
import dev.atelier.server.worker.WorkRequest;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The diagnostics model {@value #MODEL}: task {@value #TASK} answers {@code {"echo": <text>}} for
 * {@code {"model": "echo", "text": …}} at once, with no model behind it. It measures what the
 * gateway itself costs (HTTP, admission, event bus, worker thread, JSON) and checks a deployment's
 * plumbing: {@code atelier serve --echo} serves it, {@code atelier bench gateway} loads it.
 */
public final class EchoHandler implements ModelHandler {
    public static final String MODEL = "echo";
    public static final String TASK = "echo";

    @Override
    public JsonObject handle(WorkRequest request, WorkContext context) {
        return new JsonObject().put("echo", request.body().getValue("text"));
    }

    public static ModelBinding binding() {
        return new ModelBinding(Set.of(TASK), (model, device) -> new EchoHandler());
    }

    /** How the diagnostics model is deployed: one CPU worker running {@code concurrency} requests at once. */
    public static ModelConfig config(int concurrency, int maxInFlight, int maxQueue) {
        ModelConfig d = ModelConfig.defaults(MODEL);
        return new ModelConfig(MODEL, d.devices(), concurrency,
                new PoolLimits(maxInFlight, maxQueue, d.limits().timeoutMillis()));
    }
}
