package dev.atelier.server.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import dev.atelier.core.model.ModelStore;
import dev.atelier.ganvae.sample.TextToImage;
import dev.atelier.server.Capabilities;
import dev.atelier.server.GatewayHarness;
import dev.atelier.server.ModelBinding;
import dev.atelier.vision.image.ImageIo;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded default text-to-image model served end to end, driven by the official OpenAI Java
 * client: the pictures that come back over HTTP are the pictures the library makes in-process for the
 * same prompt and seed (the model's quality is measured in gan-vae), and bad input is a 4xx JSON error.
 */
class ImagesGatewayTest {
    static final String MODEL = "shapes-text-gan";
    static final String PROMPT = "a large yellow triangle above a small blue circle";
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

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void theOfficialClientGetsTheImagesTheLibraryMakes() {
        ImagesResponse r = openai.images().generate(ImageGenerateParams.builder().model(MODEL).prompt(PROMPT).n(3)
                .size("64x64").responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                .putAdditionalBodyProperty("seed", JsonValue.from(7)).build());
        List<com.openai.models.images.Image> data = r.data().orElseThrow();
        assertEquals(3, data.size());
        try (TextToImage local = TextToImage.open(ModelStore.defaultStore().open(MODEL).folder())) {
            List<BufferedImage> expected = local.generate(PROMPT, 3, 7, 0);
            for (int i = 0; i < 3; i++) {
                BufferedImage got = ImageIo.read(Base64.getDecoder().decode(data.get(i).b64Json().orElseThrow()));
                assertEquals(64, got.getWidth());
                assertArrayEquals(pixels(expected.get(i)), pixels(got), "image " + i);
            }
        }
    }

    @Test
    void aLargerSizeRepeatsPixelsAndTheNativeRouteAgrees() throws Exception {
        JsonObject body = new JsonObject().put("model", MODEL).put("prompt", PROMPT).put("seed", 3).put("n", 1);
        HttpResponse<String> small = g.post("/api/v1/text-to-image", body.encode());
        assertEquals(200, small.statusCode(), small.body());
        HttpResponse<String> big = g.post("/api/v1/text-to-image", body.copy().put("size", "256x256").encode());
        assertEquals(200, big.statusCode(), big.body());
        BufferedImage a = png(new JsonObject(small.body()));
        BufferedImage b = png(new JsonObject(big.body()));
        assertEquals(3, new JsonObject(small.body()).getLong("seed"));
        assertEquals(256, b.getWidth());
        for (int y = 0; y < 256; y += 7) {
            for (int x = 0; x < 256; x += 5) {
                assertEquals(a.getRGB(x / 4, y / 4), b.getRGB(x, y));
            }
        }
    }

    private static BufferedImage png(JsonObject result) {
        return ImageIo.read(Base64.getDecoder().decode(result.getJsonArray("images").getJsonObject(0).getString("b64_png")));
    }

    @Test
    void badInputIsA4xxJsonError() throws Exception {
        assertThrows(NotFoundException.class, () -> openai.images().generate(
                ImageGenerateParams.builder().model("no-such-model").prompt(PROMPT).build()));
        assertThrows(BadRequestException.class, () -> openai.images().generate(
                ImageGenerateParams.builder().model(MODEL).prompt(PROMPT).n(0).build()));
        String[][] cases = {
            {"n", "{\"model\":\"" + MODEL + "\",\"prompt\":\"a red circle\",\"n\":100000}"},
            {"n", "{\"model\":\"" + MODEL + "\",\"prompt\":\"a red circle\",\"n\":-1}"},
            {"size", "{\"model\":\"" + MODEL + "\",\"prompt\":\"a red circle\",\"size\":\"65x65\"}"},
            {"size", "{\"model\":\"" + MODEL + "\",\"prompt\":\"a red circle\",\"size\":\"64x128\"}"},
            {"size", "{\"model\":\"" + MODEL + "\",\"prompt\":\"a red circle\",\"size\":\"99999999999x99999999999\"}"},
            {"size", "{\"model\":\"" + MODEL + "\",\"prompt\":\"a red circle\",\"size\":\"big\"}"},
            {"seed", "{\"model\":\"" + MODEL + "\",\"prompt\":\"a red circle\",\"seed\":\"NaN\"}"},
            {"seed", "{\"model\":\"" + MODEL + "\",\"prompt\":\"a red circle\",\"seed\":1.5}"},
            {"prompt", "{\"model\":\"" + MODEL + "\",\"prompt\":\"\"}"},
            {"prompt", "{\"model\":\"" + MODEL + "\"}"},
            {"prompt", "{\"model\":\"" + MODEL + "\",\"prompt\":\"quantum chromodynamics\"}"},
            {"response_format", "{\"model\":\"" + MODEL + "\",\"prompt\":\"a red circle\",\"response_format\":\"url\"}"},
        };
        for (String[] c : cases) {
            String route = c[0].equals("response_format") ? "/v1/images/generations" : "/api/v1/text-to-image";
            for (String r : c[0].equals("response_format") ? new String[] {route}
                    : new String[] {route, "/v1/images/generations"}) {
                HttpResponse<String> response = g.post(r, c[1]);
                assertEquals(400, response.statusCode(), r + " " + c[1] + " → " + response.body());
                assertEquals(c[0], new JsonObject(response.body()).getJsonObject("error").getString("param"),
                        r + " " + c[1]);
            }
        }
        HttpResponse<String> truncation = g.post("/api/v1/text-to-image",
                "{\"model\":\"" + MODEL + "\",\"prompt\":\"a red circle\",\"truncation\":1e400}");
        assertEquals(400, truncation.statusCode());
    }
}
