package dev.atelier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.model.ModelManifest;
import dev.atelier.vision.grammar.CaptionParser;
import dev.atelier.vision.image.ImageIo;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.SceneRenderer;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's model commands against a real model folder, and the gateway benchmark's plumbing. */
class AtelierCliTest {

    private record Run(int exit, String out) {
    }

    private static Run run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            return new Run(Atelier.run(args), buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    private static void model(Path root, String name, byte[] weights) throws Exception {
        Path folder = Files.createDirectories(root.resolve(name));
        Files.write(folder.resolve("weights.bin"), weights);
        ModelManifest.builder(folder).name(name).task("text-generation").format("gguf")
                .description("test model").parameters(3).command("written by AtelierCliTest")
                .metric("bits_per_byte", 2.0).license("Apache-2.0").file("weights.bin").write();
    }

    @Test
    void listAndVerifyAnIntactStore(@TempDir Path root) throws Exception {
        model(root, "alpha", new byte[] {1, 2, 3});
        model(root, "beta", new byte[] {4, 5, 6, 7});
        Run list = run("models", "--models-dir", root.toString(), "list");
        assertEquals(0, list.exit(), list.out());
        assertTrue(list.out().contains("alpha") && list.out().contains("beta"), list.out());
        assertTrue(list.out().contains("bits_per_byte=2.000"), list.out());
        Run verify = run("models", "--models-dir", root.toString(), "verify");
        assertEquals(0, verify.exit(), verify.out());
        assertTrue(verify.out().contains("all models verified"), verify.out());
    }

    @Test
    void verifyFindsATamperedFileAndNamesIt(@TempDir Path root) throws Exception {
        model(root, "alpha", new byte[] {1, 2, 3});
        model(root, "beta", new byte[] {4, 5, 6, 7});
        Files.write(root.resolve("beta/weights.bin"), new byte[] {4, 5, 6, 8}); // same size, one byte changed
        Run verify = run("models", "--models-dir", root.toString(), "verify");
        assertEquals(1, verify.exit(), verify.out());
        assertTrue(verify.out().contains("ok   alpha"), verify.out());
        assertTrue(verify.out().contains("FAIL") && verify.out().contains("weights.bin")
                && verify.out().contains("sha256"), verify.out());
        Run one = run("models", "--models-dir", root.toString(), "verify", "alpha");
        assertEquals(0, one.exit(), one.out());
    }

    @Test
    void anUnknownOrTraversingModelNameIsAOneLineError(@TempDir Path root) throws Exception {
        model(root, "alpha", new byte[] {1});
        assertEquals(1, run("models", "--models-dir", root.toString(), "verify", "../../etc").exit());
        assertEquals(1, run("models", "--models-dir", root.toString(), "verify", "nope").exit());
    }

    @Test
    void theGatewayBenchmarkRunsEveryRequestThrough() {
        Run bench = run("bench", "gateway", "--seconds", "1", "--warmup", "1", "--connections", "4");
        assertEquals(0, bench.exit(), bench.out());
        assertTrue(bench.out().contains("direct in-process call"), bench.out());
        for (String line : bench.out().lines().filter(l -> l.startsWith("gateway, 1 JVM")).toList()) {
            assertTrue(line.contains(" 0 errors)") && !line.contains("(0 ok"), line);
        }
        assertTrue(bench.out().contains("gateway adds"), bench.out());
    }

    /** The spelling: {@code atelier caption IMAGE} and {@code atelier classify IMAGE --labels a,b,c}. */
    @Test
    void visionCommandsAtTheTopLevel(@TempDir Path dir) throws Exception {
        Scene scene = ShapesDataset.scene(4242, ShapesSplit.HELD_OUT, 0);
        Path png = dir.resolve("scene.png");
        ImageIo.writePng(SceneRenderer.render(scene), png);
        Run caption = run("caption", png.toString());
        assertEquals(0, caption.exit(), caption.out());
        String said = caption.out().substring(caption.out().indexOf(": ") + 2).trim();
        assertTrue(CaptionParser.correct(said, scene), scene.caption() + " captioned " + said);
        Run classify = run("classify", png.toString(), "--labels", "a digit,a shape");
        assertEquals(0, classify.exit(), classify.out());
        assertTrue(classify.out().contains("a shape"), classify.out());
        assertEquals(0, run("embed", "--help").exit());
    }
}
