package dev.atelier.server.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A closed-loop HTTP load generator on Vert.x's client: {@code connections} keep-alive connections,
 * each sending the next request as soon as the previous answer is read, for a warm-up and then a
 * measured period. Only 200 answers count as requests; anything else is an error.
 */
public final class HttpLoad {
    private HttpLoad() {
    }

    public static Latencies.Summary run(Vertx vertx, int port, String path, String body, int connections,
                                        Duration warmup, Duration measure) throws InterruptedException {
        HttpClientAgent client = vertx.createHttpClient(
                new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(connections));
        Buffer payload = Buffer.buffer(body);
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                .putHeader("content-type", "application/json");
        Latencies latencies = new Latencies();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        CountDownLatch finished = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            loop(client, request, payload, latencies, measureFrom, end, finished);
        }
        if (!finished.await(warmup.plus(measure).toSeconds() + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("load generator did not finish");
        }
        client.close().await();
        return latencies.summarize(measure.toNanos() / 1e9);
    }

    private static void loop(HttpClientAgent client, RequestOptions options, Buffer payload, Latencies latencies,
                             long measureFrom, long end, CountDownLatch finished) {
        long sent = System.nanoTime();
        if (sent >= end) {
            finished.countDown();
            return;
        }
        client.request(options)
                .compose(req -> req.send(payload))
                .compose(resp -> resp.body().map(b -> resp.statusCode()))
                .recover(e -> Future.succeededFuture(-1))
                .onSuccess(status -> {
                    long now = System.nanoTime();
                    if (sent >= measureFrom && now <= end) {
                        if (status == 200) {
                            latencies.record(now - sent);
                        } else {
                            latencies.error();
                        }
                    }
                    loop(client, options, payload, latencies, measureFrom, end, finished);
                });
    }
}
