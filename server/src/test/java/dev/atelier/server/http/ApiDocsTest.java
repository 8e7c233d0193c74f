package dev.atelier.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.server.GatewayHarness;
import dev.atelier.server.TestWorkers;
import dev.atelier.server.config.GatewayConfig;
import dev.atelier.server.metrics.GatewayMetrics;
import dev.atelier.server.routing.WorkloadManager;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the router describe the same routes, and both are served. */
class ApiDocsTest {

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedPathIsRouted() {
        Vertx vertx = Vertx.vertx();
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Router router = GatewayRouter.create(vertx, new WorkloadManager(vertx, new GatewayMetrics(registry), false), new GatewayMetrics(registry),
                    registry, GatewayConfig.defaults(), 0);
            Set<String> routed = new TreeSet<>();
            for (Route r : router.getRoutes()) {
                String path = r.getPath();
                if (path != null && !path.endsWith("*") && !path.endsWith("/")) { // prefix routes (body, auth) are not endpoints
                    routed.add(path.replaceAll(":(\\w+)", "{$1}"));
                }
            }
            Set<String> documented = ApiDocs.document().getJsonObject("paths").fieldNames();
            for (String path : routed) {
                assertTrue(documented.contains(path), "route " + path + " is not in openapi.json");
            }
            for (String path : documented) {
                boolean matches = routed.stream().anyMatch(p -> path.matches(p.replaceAll("\\{\\w+}", "[^/]+")));
                assertTrue(matches, "documented path " + path + " has no route");
            }
        } finally {
            vertx.close();
        }
    }

    @Test
    void theDocumentAndThePageAreServed() throws Exception {
        try (GatewayHarness g = GatewayHarness.builder().model("echo", TestWorkers.echo(), 1, 0, 1000, 1).start()) {
            HttpResponse<String> json = g.get("/openapi.json");
            assertEquals(200, json.statusCode());
            assertEquals("3.1.0", new JsonObject(json.body()).getString("openapi"));
            HttpResponse<String> page = g.get("/docs");
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            assertTrue(page.body().contains("/v1/embeddings"), page.body());
        }
    }
}
