package dev.atelier.server.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.model.ModelStore;
import dev.atelier.server.Capabilities;
import dev.atelier.server.GatewayHarness;
import dev.atelier.vision.grammar.CaptionParser;
import dev.atelier.vision.image.ImageIo;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.SceneRenderer;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed vision models served end to end: manifests, the store's verification, CPU workers,
 * the native routes. Answers are judged against the scenes' truth (captions by parsing them), and
 * bad input must come back as 400 invalid_argument.
 */
class VisionGatewayTest {
    static final String CLIP = "shapes-clip";
    static final String CAPTIONER = "shapes-captioner";
    static GatewayHarness g;

    @BeforeAll
    static void start() throws Exception {
        ModelStore store = ModelStore.defaultStore();
        g = GatewayHarness.builder()
                .model(CLIP, Capabilities.bind(store, CLIP), 2, 4, 120_000, 1)
                .model(CAPTIONER, Capabilities.bind(store, CAPTIONER), 2, 4, 120_000, 1)
                .start();
        g.awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        g.close();
    }

    private static String png(Scene scene) {
        return Base64.getEncoder().encodeToString(ImageIo.pngBytes(SceneRenderer.render(scene)));
    }

    private static HttpResponse<String> post(String task, JsonObject body) throws Exception {
        return g.post("/api/v1/" + task, body.encode());
    }

    @Test
    void captionsNameWhatIsInTheImage() throws Exception {
        int correct = 0;
        List<Scene> scenes = ShapesDataset.generate(31337, 20, ShapesSplit.TEST);
        for (Scene scene : scenes) {
            HttpResponse<String> r = post("image-captioning", new JsonObject().put("model", CAPTIONER)
                    .put("image", "data:image/png;base64," + png(scene)).put("beam", 4));
            assertEquals(200, r.statusCode(), r.body());
            String caption = new JsonObject(r.body()).getString("caption");
            assertTrue(CaptionParser.parse(caption).isPresent(), caption);
            if (CaptionParser.correct(caption, scene)) {
                correct++;
            }
        }
        assertTrue(correct >= 10, correct + " of 20 captions right");
        HttpResponse<String> beam = post("image-captioning", new JsonObject().put("model", CAPTIONER)
                .put("image", png(scenes.get(0))).put("beam", 3));
        assertEquals(200, beam.statusCode(), beam.body());
        HttpResponse<String> retrieval = post("image-captioning", new JsonObject().put("model", CAPTIONER)
                .put("image", png(scenes.get(0))).put("method", "retrieval"));
        assertEquals("retrieval", new JsonObject(retrieval.body()).getString("method"));
        HttpResponse<String> guided = post("image-captioning", new JsonObject().put("model", CAPTIONER)
                .put("image", png(scenes.get(0))).put("beam", 4).put("guidance", 3).put("grammar", true));
        assertEquals(200, guided.statusCode(), guided.body());
        assertTrue(CaptionParser.parse(new JsonObject(guided.body()).getString("caption")).isPresent(), guided.body());
    }

    @Test
    void zeroShotPicksTheObjectShown() throws Exception {
        int correct = 0;
        List<String> labels = List.of("red circle", "green square", "blue triangle", "yellow circle", "red square");
        List<Scene> scenes = new ArrayList<>();
        for (int i = 0; scenes.size() < 10; i++) {
            Scene s = ShapesDataset.scene(4242, ShapesSplit.TEST, i);
            String label = s.first().color().word() + " " + s.first().shape().word();
            if (!s.hasRelation() && labels.contains(label)) {
                scenes.add(s);
            }
        }
        for (Scene s : scenes) {
            HttpResponse<String> r = post("zero-shot-classification", new JsonObject().put("model", CLIP)
                    .put("image", png(s)).put("labels", new JsonArray(labels)));
            assertEquals(200, r.statusCode(), r.body());
            JsonArray ranked = new JsonObject(r.body()).getJsonArray("labels");
            assertEquals(labels.size(), ranked.size());
            double sum = 0;
            for (int i = 0; i < ranked.size(); i++) {
                sum += ranked.getJsonObject(i).getDouble("score");
            }
            assertEquals(1.0, sum, 1e-3);
            if (ranked.getJsonObject(0).getString("label").equals(s.first().color().word() + " " + s.first().shape().word())) {
                correct++;
            }
        }
        assertTrue(correct >= 9, correct + " of 10 right");
    }

    @Test
    void imageAndTextEmbeddingsShareOneSpace() throws Exception {
        Scene s = ShapesDataset.scene(99, ShapesSplit.TEST, 3);
        HttpResponse<String> r = post("image-embedding", new JsonObject().put("model", CLIP)
                .put("images", new JsonArray().add(png(s)))
                .put("texts", new JsonArray().add(s.caption()).add("a handwritten digit seven")));
        assertEquals(200, r.statusCode(), r.body());
        JsonObject body = new JsonObject(r.body());
        JsonArray image = body.getJsonArray("image_embeddings").getJsonArray(0);
        JsonArray texts = body.getJsonArray("text_embeddings");
        assertEquals(body.getInteger("dimension"), image.size());
        assertTrue(dot(image, texts.getJsonArray(0)) > dot(image, texts.getJsonArray(1)) + 0.2);
        assertEquals(1.0, dot(image, image), 1e-3);
    }

    @Test
    void badInputIsInvalidArgument() throws Exception {
        String good = png(ShapesDataset.scene(1, ShapesSplit.TEST, 0));
        List<JsonObject> bad = List.of(
                new JsonObject().put("model", CLIP).put("image", good),                                   // no labels
                new JsonObject().put("model", CLIP).put("image", good).put("labels", new JsonArray()),     // empty labels
                new JsonObject().put("model", CLIP).put("image", good).put("labels", new JsonArray().add(" ")),
                new JsonObject().put("model", CLIP).put("image", good).put("labels", tooMany()),
                new JsonObject().put("model", CLIP).put("image", "%%%not base64").put("labels", new JsonArray().add("a")),
                new JsonObject().put("model", CLIP).put("image", Base64.getEncoder().encodeToString(
                        new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0})).put("labels", new JsonArray().add("a")),
                new JsonObject().put("model", CLIP).put("image", Base64.getEncoder().encodeToString(pngBomb()))
                        .put("labels", new JsonArray().add("a")),
                new JsonObject().put("model", CLIP).put("labels", new JsonArray().add("a")));               // no image
        for (JsonObject body : bad) {
            HttpResponse<String> r = post("zero-shot-classification", body);
            assertEquals(400, r.statusCode(), body.encode().substring(0, Math.min(120, body.encode().length())) + " -> " + r.body());
            assertEquals("invalid_argument", new JsonObject(r.body()).getJsonObject("error").getString("code"));
        }
        HttpResponse<String> bomb = post("image-captioning", new JsonObject().put("model", CAPTIONER)
                .put("image", Base64.getEncoder().encodeToString(pngBomb())));
        assertEquals(400, bomb.statusCode(), bomb.body());
        assertEquals(400, post("image-captioning", new JsonObject().put("model", CAPTIONER).put("image", good)
                .put("beam", 99)).statusCode());
        for (Object guidance : new Object[] {-1, 101, "3", true}) {
            assertEquals(400, post("image-captioning", new JsonObject().put("model", CAPTIONER).put("image", good)
                    .put("guidance", guidance)).statusCode(), "guidance " + guidance);
        }
        assertEquals(400, post("image-captioning", new JsonObject().put("model", CAPTIONER).put("image", good)
                .put("grammar", "yes")).statusCode());
        assertEquals(400, post("image-embedding", new JsonObject().put("model", CLIP)).statusCode());
    }

    private static JsonArray tooMany() {
        JsonArray a = new JsonArray();
        for (int i = 0; i < 300; i++) {
            a.add("label " + i);
        }
        return a;
    }

    /** A PNG header declaring 100000 x 100000 pixels (a decompression bomb's calling card). */
    private static byte[] pngBomb() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        byte[] ihdr = new byte[17];
        System.arraycopy("IHDR".getBytes(), 0, ihdr, 0, 4);
        writeInt(ihdr, 4, 100_000);
        writeInt(ihdr, 8, 100_000);
        ihdr[12] = 8;
        ihdr[13] = 2;
        out.writeInt(13);
        out.write(ihdr);
        CRC32 crc = new CRC32();
        crc.update(ihdr);
        out.writeInt((int) crc.getValue());
        return bytes.toByteArray();
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static double dot(JsonArray a, JsonArray b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.getDouble(i) * b.getDouble(i);
        }
        return s;
    }
}
