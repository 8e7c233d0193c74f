package dev.atelier.server.http;

import dev.atelier.server.metrics.GatewayMetrics;
import dev.atelier.server.routing.ModelPool;
import dev.atelier.server.routing.WorkloadManager;
import dev.atelier.server.config.GatewayConfig;
import dev.atelier.server.security.AccessConfig;
import dev.atelier.server.security.ApiKeyAuth;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.Comparator;
import java.util.Set;

/**
 * The gateway's HTTP surface. Routes:
 * <ul>
 *   <li>{@code GET /health/live}: the process answers; {@code GET /health/ready}: every configured
 *       model is loaded (503 until then);</li>
 *   <li>{@code GET /metrics}: Prometheus text;</li>
 *   <li>{@code GET /v1/models}: served models, OpenAI list shape;</li>
 *   <li>{@code GET /openapi.json}, {@code GET /docs}: the API description; {@code GET /playground}: a page to try it;</li>
 *   <li>{@code POST /api/v1/<task>}: the native API, one route per task a served model offers;</li>
 *   <li>{@code POST /v1/embeddings}: OpenAI-compatible embeddings;</li>
 *   <li>{@code POST /api/v1/text-generation}, {@code POST /v1/completions}, {@code POST /v1/chat/completions}:
 *       text generation ({@link TextGenerationRoutes}).</li>
 *   <li>{@code POST /v1/audio/speech}: OpenAI-compatible text to speech.</li>
 *   <li>{@code POST /v1/images/generations}: OpenAI-compatible image generation (text to image).</li>
 * </ul>
 * With API keys configured, {@code /api/*} and {@code /v1/*} need {@code Authorization: Bearer <key>}
 * ({@link ApiKeyAuth}); CORS headers are sent only for the configured origins.
 * Everything that fails goes through {@link ErrorResponder}.
 */
public final class GatewayRouter {
    private GatewayRouter() {
    }

    public static Router create(Vertx vertx, WorkloadManager manager, GatewayMetrics metrics,
                                PrometheusMeterRegistry prometheus, GatewayConfig config, long startedEpochSeconds) {
        Router router = Router.router(vertx);
        long maxBodyBytes = config.maxBodyBytes();
        ErrorResponder errors = new ErrorResponder(metrics, maxBodyBytes);
        AccessConfig access = config.access();
        if (!access.corsOrigins().isEmpty()) {
            router.route().handler(CorsHandler.create()
                    .addOrigins(access.corsOrigins())
                    .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS))
                    .allowedHeaders(Set.of("content-type", "authorization"))
                    .exposedHeaders(Set.of("retry-after")));
        }
        if (!access.keys().isEmpty()) {
            // Health and metrics stay open for probes and scrapers; the API needs a key.
            ApiKeyAuth auth = new ApiKeyAuth(access.keys());
            router.route("/api/*").handler(auth);
            router.route("/v1/*").handler(auth);
        }

        HealthChecks live = HealthChecks.create(vertx).register("gateway", p -> p.complete(Status.OK()));
        HealthChecks ready = HealthChecks.create(vertx).register("models", p -> p.complete(modelsStatus(manager)));
        router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
        router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
        router.get("/metrics").handler(PrometheusScrapingHandler.create(prometheus));
        router.get("/v1/models").handler(ctx -> models(ctx, manager, startedEpochSeconds));
        ApiDocs docs = new ApiDocs();
        router.get("/openapi.json").handler(docs::openapi);
        router.get("/docs").handler(docs::page);
        router.get("/playground").handler(new Playground()::page);

        // Bodies are read into memory up to the limit (413 beyond); never written to an uploads folder.
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        router.post("/api/*").handler(body);
        router.post("/v1/*").handler(body);
        TaskEndpoint tasks = new TaskEndpoint(vertx, manager, errors);
        TextGenerationRoutes text = new TextGenerationRoutes(tasks, config.maxGenerationTokens());
        router.post("/api/v1/text-generation").handler(text::nativeRoute); // before the generic task route
        router.post("/api/v1/:task").handler(tasks::handle);
        router.post("/v1/completions").handler(text::completions);
        router.post("/v1/chat/completions").handler(text::chatCompletions);
        router.post("/v1/embeddings").handler(new OpenAiEmbeddings(tasks)::handle);
        router.post("/v1/audio/speech").handler(new OpenAiSpeech(tasks)::handle);
        router.post("/v1/images/generations").handler(new OpenAiImages(tasks)::handle);

        router.route().failureHandler(errors::handleFailure);
        router.errorHandler(404, errors::handleFailure);
        router.errorHandler(405, errors::handleFailure);
        router.errorHandler(500, errors::handleFailure);
        return router;
    }

    private static Status modelsStatus(WorkloadManager manager) {
        JsonObject models = new JsonObject();
        for (ModelPool pool : manager.pools()) {
            JsonObject m = new JsonObject().put("ready", pool.ready()).put("workers", pool.liveWorkers());
            if (pool.loadFailure() != null) {
                m.put("error", pool.loadFailure());
            }
            models.put(pool.model(), m);
        }
        return manager.ready() ? Status.OK(models) : Status.KO(models);
    }

    private static void models(RoutingContext ctx, WorkloadManager manager, long created) {
        JsonArray data = new JsonArray();
        manager.pools().stream().sorted(Comparator.comparing(ModelPool::model)).forEach(pool -> data.add(
                new JsonObject()
                        .put("id", pool.model())
                        .put("object", "model")
                        .put("created", created)
                        .put("owned_by", "atelier")
                        .put("tasks", new JsonArray(pool.tasks().stream().sorted().toList()))
                        .put("ready", pool.ready())));
        ctx.json(new JsonObject().put("object", "list").put("data", data));
    }
}
