package dev.atelier.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.core.model.ModelStore;
import dev.atelier.server.Capabilities;
import dev.atelier.server.GatewayHarness;
import dev.atelier.server.text.WordEchoGenerator;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The playground page in a real browser: headless Chromium (Debian's {@code chromium}) driven by
 * {@code playwright-core} from {@code src/test/playwright} types a prompt, submits it, and sees the
 * answer stream in from a gateway serving a test text worker, then embeds a sentence with the
 * embedded default encoder. The screenshot is kept at
 * {@code target/playground.png}. Skipped when Chromium, Node or the npm packages are absent
 * ({@code .ci/run} installs them).
 */
class PlaygroundTest {
    static final Path DRIVER = Path.of("src/test/playwright");
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @Test
    void aPromptTypedInThePlaygroundStreamsItsAnswer() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM);
        assumeTrue(Files.isDirectory(DRIVER.resolve("node_modules/playwright-core")),
                "playwright-core not installed: run npm ci in " + DRIVER);
        assumeTrue(onPath("node"), "no node on PATH");
        try (GatewayHarness g = GatewayHarness.builder()
                .model("tiny-words", new WordEchoGenerator(40).binding(), 2, 2, 30_000, 1)
                .model("all-minilm-l6-v2", Capabilities.bind(ModelStore.defaultStore(), "all-minilm-l6-v2"), 2, 2, 60_000, 1)
                .start()) {
            g.awaitReady();
            assertEquals(200, g.get("/playground").statusCode());
            Path screenshot = Path.of("target/playground.png").toAbsolutePath();
            Files.deleteIfExists(screenshot);
            String prompt = "the sea is wide and the waves are high";
            Process node = new ProcessBuilder("node", "playground.test.mjs", "http://127.0.0.1:" + g.gateway.port(),
                    screenshot.toString(), prompt, prompt)
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
            assertEquals(prompt, seen.getString("text"));
            assertTrue(seen.getInteger("chunks") > 1, "arrived in chunks: " + out);
            assertTrue(seen.getString("imageError").contains("Not served"), "the image panel says it is not served: " + out);
            assertTrue(seen.getJsonArray("consoleErrors").isEmpty(), out);
            assertTrue(seen.getJsonObject("embed").getString("output").startsWith("384 dimensions"), out);
            assertTrue(Files.size(screenshot) > 10_000, "screenshot written");
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
