package dev.atelier.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Talks to a running gateway ({@code bin/atelier serve}) with nothing but the JDK's HTTP client:
 * readiness, the model list, and an OpenAI-compatible embeddings call.
 * Run: {@code bin/sample CallGateway [http://127.0.0.1:8080]}.
 */
public final class CallGateway {

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        HttpClient http = HttpClient.newHttpClient();
        System.out.println("GET /health/ready → " + get(http, base + "/health/ready"));
        System.out.println("GET /v1/models → " + get(http, base + "/v1/models"));
        HttpRequest embed = HttpRequest.newBuilder(URI.create(base + "/v1/embeddings"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"all-minilm-l6-v2\",\"input\":[\"hello\",\"world\"]}"))
                .build();
        HttpResponse<String> r = http.send(embed, HttpResponse.BodyHandlers.ofString());
        String body = r.body();
        System.out.println("POST /v1/embeddings → " + r.statusCode() + " "
                + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }
}
