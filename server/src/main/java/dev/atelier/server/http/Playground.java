package dev.atelier.server.http;

import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /playground}: one static page (plain HTML and JavaScript, no build step, no CDN) to
 * try every capability through the public API: streamed chat text, images, captions, audio and
 * embeddings. Each panel finds its models in {@code /v1/models} and says so when none is served.
 */
final class Playground {
    static final String RESOURCE = "atelier/playground/index.html";

    private final String html;

    Playground() {
        try (InputStream in = Playground.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the server jar");
            }
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void page(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "text/html; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .end(html);
    }
}
