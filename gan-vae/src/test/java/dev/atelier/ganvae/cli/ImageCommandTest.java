package dev.atelier.ganvae.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.ModelManifest;
import dev.atelier.ganvae.TestPaths;
import dev.atelier.ganvae.sample.TextToImage;
import dev.atelier.ganvae.text.PromptEncoder;
import dev.atelier.vision.clip.Clip;
import dev.atelier.ganvae.model.Condition;
import dev.atelier.ganvae.model.Gan;
import dev.atelier.ganvae.model.GanConfig;
import dev.atelier.ganvae.model.Vae;
import dev.atelier.ganvae.model.VaeConfig;
import dev.atelier.ganvae.sample.GeneratorModel;
import dev.atelier.ganvae.sample.ModelDescription;
import dev.atelier.vision.image.ImageIo;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImageCommandTest {

    static int run(StringWriter out, String... args) {
        CommandLine cli = new CommandLine(new ImageCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof AtelierException ae) {
                cmd.getErr().println("atelier image: " + ae.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("train-gan", "train-vae", "generate", "interpolate", "reconstruct", "export",
                "train-classifier", "bench")) {
            StringWriter out = new StringWriter();
            assertEquals(0, run(out, command, "--help"), command);
            assertTrue(out.toString().contains("Usage:"), out.toString());
        }
    }

    static Path classGan(Path dir) {
        GanConfig config = GanConfig.builder().setImage(1, 28).optLatentDim(8).optGeneratorWidth(4)
                .optDiscriminatorWidth(4).optCondition(Condition.classes(10, 4)).build();
        try (Gan gan = Gan.create(config, 1)) {
            GeneratorModel.export(gan, new ModelDescription(ModelDescription.GAN, config, null,
                    List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), null, List.of()), dir);
        }
        return dir;
    }

    @Test
    void generateWritesTheSameGridForTheSameSeed(@TempDir Path dir) throws Exception {
        Path model = classGan(dir.resolve("model"));
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "generate", "-m", model.toString(), "--class", "3", "--count", "5", "--seed", "7",
                "-o", dir.resolve("a.png").toString()), out.toString());
        assertEquals(0, run(out, "generate", "-m", model.toString(), "--class", "3", "--count", "5", "--seed", "7",
                "-o", dir.resolve("b.png").toString()));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.png")), Files.readAllBytes(dir.resolve("b.png")));
        BufferedImage grid = ImageIo.read(dir.resolve("a.png"));
        assertEquals(5 * (56 + 2) + 2, grid.getWidth());
        assertEquals(0, run(out, "interpolate", "-m", model.toString(), "--class", "3", "--steps", "6",
                "-o", dir.resolve("strip.png").toString()));
        assertEquals(6 * (56 + 2) + 2, ImageIo.read(dir.resolve("strip.png")).getWidth());
    }

    @Test
    void badArgumentsAreOneLineErrors(@TempDir Path dir) {
        Path model = classGan(dir.resolve("model"));
        String png = dir.resolve("x.png").toString();
        StringWriter out = new StringWriter();
        assertEquals(2, run(out, "generate", "-m", model.toString(), "--class", "3", "--count", "0", "-o", png));
        assertEquals(2, run(out, "generate", "-m", model.toString(), "--class", "3", "--count", "100000", "-o", png));
        assertEquals(2, run(out, "generate", "-m", model.toString(), "--class", "12", "-o", png));
        assertEquals(2, run(out, "generate", "-m", model.toString(), "-o", png));
        assertEquals(2, run(out, "generate", "-m", model.toString(), "--class", "1", "--truncation", "NaN", "-o", png));
        assertEquals(2, run(out, "generate", "-m", dir.resolve("nothing/here").toString(), "-o", png));
        assertEquals(2, run(out, "reconstruct", "-m", model.toString(), "--class", "1", png, "-o", png));
        assertEquals(2, run(out, "train-vae", "--mnist", dir.resolve("no-data").toString(), "--out", dir.resolve("run").toString(),
                "--slots", "2", "--overlap-penalty", "-1"));
        assertTrue(out.toString().contains("slot penalties must be in [0, 1e6]"), out.toString()); // before the data is read
        assertTrue(out.toString().contains("atelier image:"), out.toString());
    }

    @Test
    void reconstructEncodesAndDecodes(@TempDir Path dir) throws Exception {
        VaeConfig config = VaeConfig.builder().setImage(1, 28).optLatentDim(4).optWidth(4).build();
        try (Vae vae = Vae.create(config, 1)) {
            GeneratorModel.export(vae, new ModelDescription(ModelDescription.VAE, null, config, null, null, null),
                    dir.resolve("vae"));
        }
        BufferedImage input = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        ImageIo.writePng(input, dir.resolve("in.png"));
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "reconstruct", "-m", dir.resolve("vae").toString(), "--print-latent",
                dir.resolve("in.png").toString(), "-o", dir.resolve("rec.png").toString()), out.toString());
        assertTrue(out.toString().contains("in.png:"), out.toString());
        assertEquals(2 * (56 + 2) + 2, ImageIo.read(dir.resolve("rec.png")).getHeight());
    }

    /**
     * A text-to-image model conditioned on a CLIP text tower carries that CLIP model: the run copies
     * it, the export copies it on and lists it in the manifest, and sampling embeds prompts exactly
     * as the CLIP model it came from does.
     */
    @Test
    void aClipTextConditionedModelTravelsWithItsEncoder(@TempDir Path dir) throws Exception {
        Path clipFolder = TestPaths.model("shapes-clip-scratch");
        Path runDir = dir.resolve("run");
        Path model = dir.resolve("model");
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "train-vae", "--shapes", "--scenes", "40", "--text-encoder", clipFolder.toString(),
                "--out", runDir.toString(), "--steps", "2", "--batch", "8", "--latent", "4", "--width", "4",
                "--embed", "8", "--sample-every", "1", "--checkpoint-every", "1"), out.toString());
        assertEquals(0, run(out, "export", "--run", runDir.toString(), "--to", model.toString(), "--prompts", "2"),
                out.toString());
        assertEquals(PromptEncoder.CLIP_TEXT, GeneratorModel.load(model).description().textEncoder());
        for (String f : PromptEncoder.files(PromptEncoder.CLIP_TEXT)) {
            assertArrayEquals(Files.readAllBytes(clipFolder.resolve(f.substring(f.indexOf('/') + 1))),
                    Files.readAllBytes(model.resolve(f)), f);
            assertTrue(ModelManifest.read(model).files().stream().anyMatch(e -> e.path().equals(f)), f);
        }
        String prompt = "a large yellow triangle above a small blue circle";
        try (TextToImage t2i = TextToImage.open(model); Clip clip = Clip.load(clipFolder)) {
            assertArrayEquals(clip.embedTexts(List.of(prompt))[0], t2i.embed(prompt));
            assertEquals(3, t2i.generate(prompt, 3, 7, 0).size());
        }
        assertEquals(0, run(out, "generate", "-m", model.toString(), "-p", prompt, "--count", "2",
                "-o", dir.resolve("t.png").toString()), out.toString());
        assertThrows(AtelierException.class, () -> PromptEncoder.open("no-such-encoder", model));
    }
}
