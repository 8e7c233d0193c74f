package dev.atelier.server.metrics;

import dev.atelier.server.worker.WorkerSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Atelier's own metrics, beside the ones Vert.x records about HTTP and the event bus. Exposed in
 * Prometheus format at {@code /metrics}:
 * <ul>
 *   <li>{@code atelier_requests_total{model,task,device,code}}: finished requests by outcome
 *       ({@code ok} or an error code);</li>
 *   <li>{@code atelier_request_duration_seconds{model,task,code}}: latency, admission to answer;</li>
 *   <li>{@code atelier_queue_depth{model}}, {@code atelier_in_flight{model}}: admission state;</li>
 *   <li>{@code atelier_worker_outstanding{model,device,worker}}: requests held by each worker;</li>
 *   <li>{@code atelier_http_errors_total{code,status}}: every error answer, including those refused
 *       before reaching a model (bad JSON, 404, 413).</li>
 * </ul>
 */
public final class GatewayMetrics {
    private final MeterRegistry registry;
    private final Map<String, Meter> workerGauges = new ConcurrentHashMap<>();
    private final Map<OutcomeKey, Outcome> outcomes = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void registerPool(String model, Supplier<Number> queueDepth, Supplier<Number> inFlight) {
        Gauge.builder("atelier_queue_depth", queueDepth).tag("model", model)
                .description("requests waiting for a worker").register(registry);
        Gauge.builder("atelier_in_flight", inFlight).tag("model", model)
                .description("requests at the workers").register(registry);
    }

    public void registerWorker(WorkerSpec spec, Supplier<Number> outstanding) {
        workerGauges.put(spec.id(), Gauge.builder("atelier_worker_outstanding", outstanding)
                .tag("model", spec.model()).tag("device", spec.device().toString()).tag("worker", spec.id())
                .description("requests held by one worker").register(registry));
    }

    public void removeWorker(WorkerSpec spec) {
        Meter gauge = workerGauges.remove(spec.id());
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    public void requestDone(String model, String task, String device, String code, long startNanos) {
        // Looked up once per outcome, not built per request: this runs on every answer.
        Outcome outcome = outcomes.computeIfAbsent(new OutcomeKey(model, task, device, code), k -> new Outcome(
                Counter.builder("atelier_requests").description("finished model requests by outcome")
                        .tag("model", model).tag("task", task).tag("device", device).tag("code", code)
                        .register(registry),
                Timer.builder("atelier_request_duration").description("time from admission to answer")
                        .tag("model", model).tag("task", task).tag("code", code)
                        .register(registry)));
        outcome.count.increment();
        outcome.duration.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    private record OutcomeKey(String model, String task, String device, String code) {
    }

    private record Outcome(Counter count, Timer duration) {
    }

    public void httpError(String code, int status) {
        Counter.builder("atelier_http_errors").description("error answers by code and status")
                .tag("code", code).tag("status", Integer.toString(status))
                .register(registry).increment();
    }
}
