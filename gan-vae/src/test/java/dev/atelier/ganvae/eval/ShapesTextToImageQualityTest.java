package dev.atelier.ganvae.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.core.model.ModelManifest;
import dev.atelier.ganvae.TestPaths;
import dev.atelier.ganvae.sample.GeneratorModel;
import dev.atelier.ganvae.sample.Sampler;
import dev.atelier.ganvae.text.PromptEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed text-to-image models, judged on held-out Shapes prompts (colour–shape pairs that
 * never occur in training) by vision's scene checker, which shares nothing with the generators.
 * The measurement is redone here on fixed seeds and must equal the figure in the model's manifest;
 * the bar (≥ 80% of images exactly right) is checked by {@link ShapesTextToImageBarTest}.
 */
class ShapesTextToImageQualityTest {
    static ShapesEvaluation.Report measure(String name, int prompts) {
        try (GeneratorModel model = GeneratorModel.load(TestPaths.model(name));
                PromptEncoder encoder = model.openPromptEncoder()) {
            return ShapesEvaluation.run(new Sampler(model.decoder()), encoder::embed, prompts);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"shapes-text-gan", "shapes-text-vae"})
    void theManifestFiguresAreReproduced(String name) {
        Path folder = TestPaths.model(name);
        assumeTrue(Files.isDirectory(folder), name + " is not committed");
        Map<String, Double> metrics = ModelManifest.read(folder).metrics();
        int prompts = metrics.get("heldout_prompts").intValue();
        ShapesEvaluation.Report r = measure(name, prompts);
        assertEquals(metrics.get("heldout_scene_check_pass_rate"), r.passed(), 1e-12);
        assertEquals(metrics.get("heldout_colors_correct"), r.colors(), 1e-12);
        assertEquals(metrics.get("heldout_relation_correct"), r.relation(), 1e-12);
        assertEquals(metrics.get("diversity_mean_pairwise_l2_16_samples_one_prompt"), r.diversity(), 1e-6);
        // Not collapsed: 16 samples of one prompt are not one picture.
        assertTrue(r.diversity() > 1.0, "diversity " + r.diversity());
    }
}
