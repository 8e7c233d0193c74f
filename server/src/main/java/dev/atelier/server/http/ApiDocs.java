package dev.atelier.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The API's description: {@code /openapi.json} (OpenAPI 3.1, written by hand next to the routes it
 * describes, in {@code atelier/openapi.json}) and {@code /docs}, the same document as a plain web
 * page rendered here, so it works offline with no script or CDN.
 */
final class ApiDocs {
    static final String RESOURCE = "atelier/openapi.json";

    private final String json;
    private final String html;

    ApiDocs() {
        try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the server jar");
            }
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        html = render(new JsonObject(json));
    }

    static JsonObject document() {
        return new JsonObject(new ApiDocs().json);
    }

    void openapi(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "application/json").end(json);
    }

    void page(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "text/html; charset=utf-8").end(html);
    }

    private static String render(JsonObject doc) {
        StringBuilder b = new StringBuilder(4096);
        JsonObject info = doc.getJsonObject("info");
        b.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(escape(info.getString("title"))).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.5}")
                .append("code{background:#f3f3f3;padding:0 .3em}.m{font-weight:bold;color:#05a;margin-right:.5em}")
                .append("section{border-top:1px solid #ddd;padding:.5em 0}</style></head><body>")
                .append("<h1>").append(escape(info.getString("title"))).append(" <small>")
                .append(escape(info.getString("version"))).append("</small></h1>")
                .append("<p>").append(escape(info.getString("description"))).append("</p>")
                .append("<p>Machine-readable: <a href=\"/openapi.json\">/openapi.json</a></p>");
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject ops = paths.getJsonObject(path);
            for (String method : ops.fieldNames()) {
                JsonObject op = ops.getJsonObject(method);
                b.append("<section><div><span class=\"m\">").append(method.toUpperCase(java.util.Locale.ROOT))
                        .append("</span><code>").append(escape(path)).append("</code></div><p>")
                        .append(escape(op.getString("summary", ""))).append("</p>");
                JsonObject schema = op.getJsonObject("requestBody", new JsonObject()).getJsonObject("content",
                        new JsonObject()).getJsonObject("application/json", new JsonObject())
                        .getJsonObject("schema", new JsonObject());
                JsonObject props = schema.getJsonObject("properties");
                if (props != null) {
                    b.append("<ul>");
                    for (String p : props.fieldNames()) {
                        JsonObject prop = props.getJsonObject(p);
                        b.append("<li><code>").append(escape(p)).append("</code> ")
                                .append(escape(prop.getString("description", prop.getString("type", ""))))
                                .append("</li>");
                    }
                    b.append("</ul>");
                }
                b.append("</section>");
            }
        }
        return b.append("</body></html>").toString();
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
