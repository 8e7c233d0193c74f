package dev.atelier.vision.cli;

import dev.atelier.core.model.ModelManifest;
import dev.atelier.vision.caption.CaptionDecoding;
import dev.atelier.vision.caption.CaptionEvaluation;
import dev.atelier.vision.caption.Captioner;
import dev.atelier.vision.caption.CaptionerConfig;
import dev.atelier.vision.caption.PrefixSource;
import dev.atelier.vision.caption.RetrievalCaptioner;
import dev.atelier.vision.clip.Clip;
import dev.atelier.vision.clip.ClipImages;
import dev.atelier.vision.mnist.Mnist;
import java.util.ArrayList;
import java.util.List;
import dev.atelier.vision.clip.WordTokenizer;
import dev.atelier.vision.shapes.ShapesSplit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vision evaluate-captioner}: judges a captioner's captions by parsing them, writes the manifest. */
@Command(name = "evaluate-captioner", mixinStandardHelpOptions = true,
        description = "Caption Shapes TEST and HELD_OUT scenes (greedy, beam search, retrieval), judge each caption "
                + "by parsing it against the scene's truth, and write manifest.json.")
final class EvaluateCaptionerCommand implements Callable<Integer> {

    public static final String TASK = "image-captioning";
    static final int GREEDY_SCENES = 500;
    static final int BEAM_SCENES = 200;
    static final int BEAM_WIDTH = 4;
    static final int MNIST_DIGITS = 2000;

    @Option(names = "--model", required = true, description = "The captioner folder, e.g. models/shapes-captioner.")
    Path model;

    @Option(names = "--mnist", description = "Folder with the MNIST IDX files, to measure digit captions too.")
    Path mnist;

    @Option(names = "--eval-seed", defaultValue = "1001", description = "Seed of the evaluation scenes. Default: ${DEFAULT-VALUE}.")
    long evalSeed;

    @Override
    public Integer call() throws Exception {
        return evaluateAndWriteManifest(model, mnist, evalSeed);
    }

    static int evaluateAndWriteManifest(Path folder, Path mnistDir, long evalSeed) throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        long parameters;
        try (Captioner captioner = Captioner.load(folder)) {
            Clip clip = captioner.clip();
            RetrievalCaptioner retrieval = RetrievalCaptioner.forShapesAndDigits(clip);
            for (ShapesSplit split : new ShapesSplit[] {ShapesSplit.TEST, ShapesSplit.HELD_OUT}) {
                String p = split == ShapesSplit.TEST ? "test" : "heldout";
                put(metrics, p + "_greedy", CaptionEvaluation.evaluate(t -> captioner.captionTensors(t, 1),
                        evalSeed, split, GREEDY_SCENES));
                put(metrics, p + "_beam" + BEAM_WIDTH, CaptionEvaluation.evaluate(
                        t -> captioner.captionTensors(t, BEAM_WIDTH), evalSeed, split, BEAM_SCENES));
                // Image-guided (weight 3, chosen on TEST scenes) and grammar-constrained beam search.
                put(metrics, p + "_beam" + BEAM_WIDTH + "_guided3_grammar", CaptionEvaluation.evaluate(
                        t -> captioner.captionTensors(t, new CaptionDecoding(BEAM_WIDTH, 3, true)), evalSeed,
                        split, BEAM_SCENES));
                put(metrics, p + "_retrieval", CaptionEvaluation.evaluate(
                        retrieval::captionTensors, evalSeed, split, GREEDY_SCENES));
            }
            if (mnistDir != null) {
                metrics.put("mnist_greedy_exact", round(mnistAccuracy(captioner, Mnist.test(mnistDir), MNIST_DIGITS)));
            }
            parameters = captioner.parameterCount();
        }
        metrics.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-34s %.4f%n", k, v));
        var builder = ModelManifest.builder(folder).task(TASK).format("djl").license("Apache-2.0")
                .description("ClipCap-style captioner for 64x64 Shapes/MNIST images: frozen CLIP image tower (clip/), "
                        + describePrefix(CaptionerConfig.read(folder)) + ", causal transformer "
                        + "decoder over the caption grammar's words; greedy or beam search. Metrics: share of captions "
                        + "whose parsed facts match the scene (exact = sizes too), evaluation seed " + evalSeed)
                .command(CommandLines.recorded(folder, "command", "unknown"))
                .data(CommandLines.recorded(folder, "data", "unknown"))
                .file(CaptionerConfig.FILE_NAME).file(WordTokenizer.FILE_NAME).file(Captioner.WEIGHTS_FILE);
        Clip.FILES.forEach(f -> builder.file(Captioner.CLIP_FOLDER + "/" + f));
        metrics.forEach(builder::metric);
        builder.parameters(parameters);
        builder.write();
        System.out.println("wrote " + folder.resolve(ModelManifest.FILE_NAME));
        return 0;
    }

    private static String describePrefix(CaptionerConfig config) {
        return switch (config.prefixSource()) {
            case GRID -> "its " + config.cells() + "-cell feature grid mapped cell by cell to " + config.prefixLength()
                    + " prefix vectors";
            case GRID_STREAMS -> "its " + config.cells() + "-cell feature grid mapped cell by cell and stream by stream "
                    + "(shape, colour) to " + config.prefixLength() + " prefix vectors";
            case POOLED -> "MLP from its embedding to " + config.prefixLength() + " prefix vectors";
        };
    }

    /** Share of the first {@code n} test digits captioned exactly "a handwritten digit <label>". */
    static double mnistAccuracy(Captioner captioner, Mnist mnist, int n) {
        int count = Math.min(n, mnist.count());
        List<float[]> tensors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tensors.add(ClipImages.tensor(ClipImages.mnistImage(mnist, i)));
        }
        List<String> captions = captioner.captionTensors(tensors, 1);
        int correct = 0;
        for (int i = 0; i < count; i++) {
            if (captions.get(i).equals(Mnist.caption(mnist.label(i)))) {
                correct++;
            }
        }
        return correct / (double) count;
    }

    private static void put(Map<String, Double> metrics, String prefix, CaptionEvaluation.Result r) {
        metrics.put(prefix + "_exact", round(r.exact()));
        metrics.put(prefix + "_color_shape_relation", round(r.colorShapeRelation()));
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
