package dev.atelier.server.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.atelier.core.model.ModelStore;
import dev.atelier.server.Capabilities;
import dev.atelier.server.GatewayHarness;
import dev.atelier.server.ModelBinding;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded default sentence encoder served end to end: the committed manifest, the model
 * store's verification, a CPU worker, the native and the OpenAI-compatible routes, driven by the
 * official OpenAI Java client. (The encoder's numbers are checked against langchain4j's reference
 * implementation in the text module; here the question is whether the gateway carries them intact.)
 */
class EmbeddingsGatewayTest {
    static final String MODEL = "all-minilm-l6-v2";
    static GatewayHarness g;
    static OpenAIClient openai;

    @BeforeAll
    static void start() throws Exception {
        ModelBinding binding = Capabilities.bind(ModelStore.defaultStore(), MODEL);
        g = GatewayHarness.builder().model(MODEL, binding, 2, 2, 60_000, 1).start();
        g.awaitReady();
        openai = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + g.gateway.port() + "/v1")
                .apiKey("not-needed-on-loopback").maxRetries(0).build();
    }

    @AfterAll
    static void stop() throws Exception {
        openai.close();
        g.close();
    }

    private static float[] nativeEmbedding(String text) throws Exception {
        HttpResponse<String> r = g.post("/api/v1/text-embedding",
                new JsonObject().put("model", MODEL).put("input", text).encode());
        assertEquals(200, r.statusCode(), r.body());
        JsonArray v = new JsonObject(r.body()).getJsonArray("embeddings").getJsonArray(0);
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.getNumber(i).floatValue();
        }
        return out;
    }

    private static double cosine(List<Float> a, List<Float> b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i) * b.get(i);
            na += a.get(i) * a.get(i);
            nb += b.get(i) * b.get(i);
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void theOfficialClientGetsTheSameVectorsInBothEncodings() throws Exception {
        String text = "The quick brown fox jumps over the lazy dog.";
        float[] expected = nativeEmbedding(text);
        for (EmbeddingCreateParams.EncodingFormat format : List.of(EmbeddingCreateParams.EncodingFormat.FLOAT,
                EmbeddingCreateParams.EncodingFormat.BASE64)) {
            CreateEmbeddingResponse r = openai.embeddings().create(EmbeddingCreateParams.builder()
                    .model(MODEL).input(text).encodingFormat(format).build());
            List<Float> got = r.data().get(0).embedding();
            assertEquals(384, got.size());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], got.get(i), 1e-7, "component " + i + " as " + format);
            }
            assertEquals(12, r.usage().promptTokens(), "[CLS] + 10 words + '.' + [SEP]");
        }
    }

    @Test
    void aBatchKeepsItsOrderAndItsMeaning() {
        CreateEmbeddingResponse r = openai.embeddings().create(EmbeddingCreateParams.builder().model(MODEL)
                .input(EmbeddingCreateParams.Input.ofArrayOfStrings(List.of(
                        "a cat sits on the mat", "a kitten is sitting on a rug", "stock markets fell sharply today")))
                .build());
        assertEquals(3, r.data().size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i, r.data().get(i).index());
        }
        List<Float> cat = r.data().get(0).embedding();
        assertTrue(cosine(cat, r.data().get(1).embedding()) > cosine(cat, r.data().get(2).embedding()) + 0.3);
    }

    @Test
    void clientErrorsAreTyped() throws Exception {
        assertThrows(NotFoundException.class, () -> openai.embeddings().create(
                EmbeddingCreateParams.builder().model("no-such-model").input("x").build()));
        assertThrows(BadRequestException.class, () -> openai.embeddings().create(
                EmbeddingCreateParams.builder().model(MODEL).input("x").dimensions(1536).build()));
        HttpResponse<String> tokens = g.post("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":[[1,2,3]]}");
        assertEquals(400, tokens.statusCode());
        assertEquals("input", new JsonObject(tokens.body()).getJsonObject("error").getString("param"));
        assertEquals(400, g.post("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":[]}").statusCode());
        assertEquals(400, g.post("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":\"x\",\"encoding_format\":\"int8\"}").statusCode());
    }

    @Test
    void aBurstAgainstTheRealModelGetsOnly200sAnd429s() throws Exception {
        String body = new JsonObject().put("model", MODEL).put("input", "tell me about the sea ".repeat(20)).encode();
        int ok = 0;
        int busy = 0;
        for (HttpResponse<String> r : g.burst("/v1/embeddings", 50, i -> body)) {
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertEquals(429, r.statusCode(), r.body());
                busy++;
            }
        }
        assertEquals(50, ok + busy);
        assertTrue(ok >= 2 && busy > 0, ok + " ok, " + busy + " busy");
    }
}
