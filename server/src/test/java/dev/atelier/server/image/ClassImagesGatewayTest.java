package dev.atelier.server.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import dev.atelier.core.model.ModelStore;
import dev.atelier.ganvae.eval.DigitClassifier;
import dev.atelier.ganvae.sample.ClassToImage;
import dev.atelier.ganvae.sample.GeneratorModel;
import dev.atelier.server.Capabilities;
import dev.atelier.server.GatewayHarness;
import dev.atelier.vision.image.ImageIo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded class-conditional digit generators served end to end: the pictures that come back
 * over HTTP (native route, and the official OpenAI client on /v1/images/generations) are those the
 * library makes in-process for the same class and seed; a prompt in the MNIST caption grammar selects
 * the class it names, which the independent digit classifier confirms on the served pictures; bad
 * input is a 400 JSON error naming the parameter.
 */
class ClassImagesGatewayTest {
    static final String VAE = "mnist-class-vae";
    static final String GAN = "mnist-class-gan";
    static GatewayHarness g;
    static OpenAIClient openai;

    @BeforeAll
    static void start() throws Exception {
        ModelStore store = ModelStore.defaultStore();
        g = GatewayHarness.builder()
                .model(VAE, Capabilities.bind(store, VAE), 2, 2, 60_000, 1)
                .model(GAN, Capabilities.bind(store, GAN), 2, 2, 60_000, 1)
                .start();
        g.awaitReady();
        openai = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + g.gateway.port() + "/v1")
                .apiKey("not-needed-on-loopback").maxRetries(0).build();
    }

    @AfterAll
    static void stop() throws Exception {
        openai.close();
        g.close();
    }

    private static ClassToImage local(String model) {
        return new ClassToImage(GeneratorModel.load(ModelStore.defaultStore().open(model).folder()));
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static List<BufferedImage> images(JsonObject result) {
        List<BufferedImage> out = new ArrayList<>();
        JsonArray images = result.getJsonArray("images");
        for (int i = 0; i < images.size(); i++) {
            out.add(ImageIo.read(Base64.getDecoder().decode(images.getJsonObject(i).getString("b64_png"))));
        }
        return out;
    }

    private static JsonObject ok(String path, JsonObject body) throws Exception {
        HttpResponse<String> r = g.post(path, body.encode());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    @Test
    void theNativeRouteServesTheLibrarysDigitsForBothModels() throws Exception {
        for (String model : new String[] {VAE, GAN}) {
            JsonObject result = ok("/api/v1/class-to-image", new JsonObject().put("model", model).put("class", 4)
                    .put("n", 3).put("seed", 11).put("truncation", 1.5));
            assertEquals(4, result.getInteger("class"));
            assertEquals("a handwritten digit four", result.getString("caption"));
            assertEquals(28, result.getInteger("width"));
            List<BufferedImage> got = images(result);
            try (ClassToImage local = local(model)) {
                List<BufferedImage> expected = local.generate(4, 3, 11, 1.5);
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(pixels(expected.get(i)), pixels(got.get(i)), model + " image " + i);
                }
                // Another seed is another picture: the seed is really used.
                assertNotEquals(java.util.Arrays.toString(pixels(expected.get(0))),
                        java.util.Arrays.toString(pixels(local.generate(4, 1, 12, 1.5).get(0))));
            }
        }
    }

    @Test
    void aPromptInTheCaptionGrammarSelectsTheClassItNames() throws Exception {
        JsonObject byPrompt = ok("/api/v1/class-to-image", new JsonObject().put("model", VAE)
                .put("prompt", "A handwritten digit Seven").put("n", 16).put("seed", 5));
        JsonObject byClass = ok("/api/v1/class-to-image", new JsonObject().put("model", VAE).put("class", 7)
                .put("n", 16).put("seed", 5));
        assertEquals(7, byPrompt.getInteger("class"));
        List<BufferedImage> a = images(byPrompt);
        List<BufferedImage> b = images(byClass);
        float[] grey = new float[16 * 28 * 28];
        for (int i = 0; i < 16; i++) {
            assertArrayEquals(pixels(b.get(i)), pixels(a.get(i)));
            int[] p = pixels(a.get(i));
            for (int k = 0; k < p.length; k++) {
                grey[i * 784 + k] = (p[k] & 0xff) / 255f;
            }
        }
        // The independent judge (trained on real digits only) reads the served pictures as sevens.
        try (DigitClassifier judge = DigitClassifier.load(ModelStore.defaultStore().open("mnist-digit-classifier")
                .folder())) {
            int sevens = 0;
            for (int predicted : judge.classify(grey, 16).predicted()) {
                sevens += predicted == 7 ? 1 : 0;
            }
            assertTrue(sevens >= 13, "the judge read " + sevens + " of 16 served digits as 7");
        }
        // "3" as a bare class name works too, and agrees with an explicit class.
        assertEquals(3, ok("/api/v1/class-to-image", new JsonObject().put("model", GAN).put("prompt", "3")
                .put("class", 3)).getInteger("class"));
    }

    @Test
    void theOfficialClientGetsEnlargedDigitsForAPrompt() {
        ImagesResponse r = openai.images().generate(ImageGenerateParams.builder().model(VAE)
                .prompt("a handwritten digit three").n(2).size("56x56")
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                .putAdditionalBodyProperty("seed", JsonValue.from(9)).build());
        List<com.openai.models.images.Image> data = r.data().orElseThrow();
        assertEquals(2, data.size());
        try (ClassToImage local = local(VAE)) {
            List<BufferedImage> expected = local.generate(3, 2, 9, 0);
            for (int i = 0; i < 2; i++) {
                BufferedImage got = ImageIo.read(Base64.getDecoder().decode(data.get(i).b64Json().orElseThrow()));
                assertEquals(56, got.getWidth());
                for (int y = 0; y < 56; y++) {
                    for (int x = 0; x < 56; x++) {
                        assertEquals(expected.get(i).getRGB(x / 2, y / 2), got.getRGB(x, y), "image " + i);
                    }
                }
            }
        }
        assertThrows(BadRequestException.class, () -> openai.images().generate(ImageGenerateParams.builder()
                .model(VAE).prompt("a handwritten digit").build()));
    }

    @Test
    void badInputIsA400JsonErrorNamingTheParameter() throws Exception {
        String m = "\"model\":\"" + VAE + "\"";
        String[][] cases = {
            {"class", "{" + m + ",\"class\":12}"},
            {"class", "{" + m + ",\"class\":-1}"},
            {"class", "{" + m + ",\"class\":1.5}"},
            {"class", "{" + m + ",\"class\":\"7\"}"},
            {"class", "{" + m + ",\"class\":true}"},
            {"class", "{" + m + ",\"class\":[7]}"},
            {"class", "{" + m + "}"},
            {"prompt", "{" + m + ",\"prompt\":\"a handwritten digit\"}"},
            {"prompt", "{" + m + ",\"prompt\":\"a seven or an eight\"}"},
            {"prompt", "{" + m + ",\"prompt\":\"\"}"},
            {"prompt", "{" + m + ",\"prompt\":7}"},
            {"prompt", "{" + m + ",\"prompt\":\"a handwritten digit seven\",\"class\":1}"},
            {"n", "{" + m + ",\"class\":1,\"n\":100000}"},
            {"n", "{" + m + ",\"class\":1,\"n\":0}"},
            {"n", "{" + m + ",\"class\":1,\"n\":\"4\"}"},
            {"seed", "{" + m + ",\"class\":1,\"seed\":-3}"},
            {"seed", "{" + m + ",\"class\":1,\"seed\":\"NaN\"}"},
            {"truncation", "{" + m + ",\"class\":1,\"truncation\":\"NaN\"}"},
            {"truncation", "{" + m + ",\"class\":1,\"truncation\":1e400}"},
            {"truncation", "{" + m + ",\"class\":1,\"truncation\":-1}"},
            {"truncation", "{" + m + ",\"class\":1,\"truncation\":0.05}"},
            {"truncation", "{" + m + ",\"class\":1,\"truncation\":11}"},
            {"size", "{" + m + ",\"class\":1,\"size\":\"64x64\"}"},
            {"size", "{" + m + ",\"class\":1,\"size\":\"99999999999x99999999999\"}"},
        };
        for (String[] c : cases) {
            HttpResponse<String> response = g.post("/api/v1/class-to-image", c[1]);
            assertEquals(400, response.statusCode(), c[1] + " → " + response.body());
            assertEquals(c[0], new JsonObject(response.body()).getJsonObject("error").getString("param"), c[1]);
        }
        // The OpenAI route passes class and truncation through to the same checks.
        for (String body : new String[] {"{" + m + ",\"prompt\":\"a handwritten digit nine\",\"class\":12}",
                "{" + m + ",\"prompt\":\"a handwritten digit nine\",\"truncation\":0.05}",
                "{" + m + ",\"prompt\":\"nothing at all\"}"}) {
            HttpResponse<String> response = g.post("/v1/images/generations", body);
            assertEquals(400, response.statusCode(), body + " → " + response.body());
            assertTrue(new JsonObject(response.body()).containsKey("error"), response.body());
        }
        // A text-to-image route for a class model names the task it lacks.
        HttpResponse<String> wrongTask = g.post("/api/v1/text-to-image", "{" + m + ",\"prompt\":\"a seven\"}");
        assertTrue(wrongTask.statusCode() == 400 || wrongTask.statusCode() == 404, wrongTask.body());
    }
}
