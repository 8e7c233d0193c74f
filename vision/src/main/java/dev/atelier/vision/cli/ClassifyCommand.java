package dev.atelier.vision.cli;

import dev.atelier.vision.clip.Clip;
import dev.atelier.vision.image.ImageIo;
import dev.atelier.vision.zeroshot.LabelScore;
import dev.atelier.vision.zeroshot.PromptTemplates;
import dev.atelier.vision.zeroshot.ZeroShotClassifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vision classify IMAGE --labels a,b,c}: zero-shot classification. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Zero-shot classify an image by text labels with a CLIP model (prompt templates ensembled).")
final class ClassifyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "IMAGE", description = "PNG, JPEG, BMP, GIF, TIFF or WebP file.")
    Path image;

    @Option(names = "--labels", required = true, split = ",", description = "Comma-separated labels, e.g. 'red circle,blue square'.")
    List<String> labels;

    @Option(names = "--template", description = "Prompt template with {} for the label (repeatable). Default: 'a small {}', 'a large {}', 'a {}'.")
    List<String> templates;

    @Option(names = "--model", defaultValue = "shapes-clip", description = "CLIP model name or folder. Default: ${DEFAULT-VALUE}.")
    String model;

    @Override
    public Integer call() {
        try (Clip clip = Clip.load(ModelOption.resolve(model))) {
            PromptTemplates prompts = templates == null ? PromptTemplates.SHAPES : new PromptTemplates(templates);
            List<LabelScore> scores = new ZeroShotClassifier(clip, labels.stream().map(String::trim).toList(), prompts)
                    .classify(ImageIo.read(image));
            for (LabelScore s : scores) {
                System.out.printf(Locale.ROOT, "%-30s p=%.4f cos=%.4f%n", s.label(), s.probability(), s.cosine());
            }
        }
        return 0;
    }
}
