package dev.atelier.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.core.model.ModelStore;
import dev.atelier.server.Capabilities;
import dev.atelier.server.GatewayHarness;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.SceneRenderer;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The playground page in a real browser, against the real embedded default models: headless Chromium
 * (Debian's {@code chromium}) driven by {@code playwright-core} from {@code src/test/playwright} uses
 * every panel as a user would. It sees {@code shakespeare-gpt}'s answer stream in, a
 * {@code shapes-text-vae} picture of "a large red circle" decode, {@code shapes-captioner} caption a
 * Shapes scene uploaded through the file input, {@code freetts-kevin16}'s speech load into an
 * {@code <audio>} element with a real duration, and {@code all-minilm-l6-v2} embed a sentence. One
 * screenshot per panel is kept at {@code target/playground-<panel>.png}, the page at
 * {@code target/playground.png}. Skipped when Chromium, Node or the npm packages are absent
 * ({@code .ci/run} installs them).
 */
class PlaygroundTest {
    static final Path DRIVER = Path.of("src/test/playwright");
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    static final List<String> PANELS = List.of("text", "image", "caption", "audio", "embed");

    @Test
    void everyPanelAnswersWithTheEmbeddedDefaultModels() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM);
        assumeTrue(Files.isDirectory(DRIVER.resolve("node_modules/playwright-core")),
                "playwright-core not installed: run npm ci in " + DRIVER);
        assumeTrue(onPath("node"), "no node on PATH");
        ModelStore store = new ModelStore(List.of(
                Path.of(System.getProperty("atelier.repo.root", "..")).toAbsolutePath().normalize().resolve("models")));
        GatewayHarness.Builder builder = GatewayHarness.builder();
        for (String model : List.of("shakespeare-gpt", "all-minilm-l6-v2", "shapes-text-vae", "shapes-captioner",
                "freetts-kevin16")) {
            builder.model(model, Capabilities.bind(store, model), 1, 2, 60_000, 1);
        }
        Path target = Path.of("target").toAbsolutePath();
        Path picture = Files.createTempFile(target, "playground-scene", ".png");
        // A scene the captioner has never seen (the test split), drawn by the dataset's own renderer.
        Scene scene = ShapesDataset.scene(11, ShapesSplit.TEST, 0);
        ImageIO.write(SceneRenderer.render(scene), "png", picture.toFile());
        try (GatewayHarness g = builder.start()) {
            g.awaitReady();
            assertEquals(200, g.get("/playground").statusCode());
            for (String panel : PANELS) {
                Files.deleteIfExists(target.resolve("playground-" + panel + ".png"));
            }
            Process node = new ProcessBuilder("node", "playground.test.mjs", "http://127.0.0.1:" + g.gateway.port(),
                    target.toString(), "ROMEO:", "a large red circle", picture.toString(),
                    "The playground reads this sentence aloud.")
                    .directory(DRIVER.toFile()).redirectErrorStream(true).start();
            boolean ended = node.waitFor(120, TimeUnit.SECONDS);
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ended) {
                node.destroyForcibly();
            }
            assertTrue(ended, "the browser run ended: " + out);
            System.out.println("playground: " + out.strip());
            String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
            assertEquals(0, node.exitValue(), out);
            JsonObject seen = new JsonObject(last);
            JsonObject models = seen.getJsonObject("models");
            assertEquals(List.of("shakespeare-gpt"), models.getJsonArray("text").getList(), out);
            assertEquals(List.of("shapes-text-vae"), models.getJsonArray("image").getList(), out);
            assertEquals(List.of("shapes-captioner"), models.getJsonArray("caption").getList(), out);
            assertEquals(List.of("freetts-kevin16"), models.getJsonArray("audio").getList(), out);
            assertEquals(List.of("all-minilm-l6-v2"), models.getJsonArray("embed").getList(), out);

            JsonObject text = seen.getJsonObject("text");
            assertTrue(text.getInteger("chunks") > 1, "arrived in chunks: " + out);
            assertTrue(text.getString("output").strip().length() > 0, out);
            assertTrue(text.getString("early").length() < text.getString("output").length(),
                    "the first chunk showed before the answer was complete: " + out);

            assertTrue(seen.getJsonObject("image").getInteger("naturalWidth") >= 64, out);
            String caption = seen.getJsonObject("caption").getString("output");
            assertFalse(caption.isBlank(), out);
            System.out.println("playground: the scene \"" + scene.caption() + "\" was captioned \"" + caption + "\"");

            JsonObject audio = seen.getJsonObject("audio");
            assertTrue(audio.getString("src").startsWith("blob:"), out);
            assertTrue(audio.getDouble("duration") > 0.5, "the speech lasts over half a second: " + out);

            assertTrue(seen.getJsonObject("embed").getString("output").startsWith("384 dimensions"), out);
            assertTrue(seen.getJsonArray("consoleErrors").isEmpty(), out);
            for (String panel : PANELS) {
                assertTrue(Files.size(target.resolve("playground-" + panel + ".png")) > 2_000, panel + " screenshot");
            }
        } finally {
            Files.deleteIfExists(picture);
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
