package dev.atelier.vision.cli;

import dev.atelier.core.model.ModelManifest;
import dev.atelier.vision.clip.Clip;
import dev.atelier.vision.clip.ClipImages;
import dev.atelier.vision.eval.ClipEvaluation;
import dev.atelier.vision.grammar.SceneFacts;
import dev.atelier.vision.image.ImageIo;
import dev.atelier.vision.mnist.Mnist;
import dev.atelier.vision.retrieval.RetrievalIndex;
import dev.atelier.vision.retrieval.RetrievalSheet;
import dev.atelier.vision.shapes.Captions;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.SceneRenderer;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vision evaluate-clip}: measures a CLIP model folder and (re)writes its manifest. */
@Command(name = "evaluate-clip", mixinStandardHelpOptions = true,
        description = {"Measure a CLIP model: zero-shot accuracy and recall@1/5/10 on Shapes TEST and HELD_OUT, "
                + "zero-shot on MNIST test with --mnist; draw retrieval-examples.png; write manifest.json."})
final class EvaluateClipCommand implements Callable<Integer> {

    public static final String TASK = "image-text-embedding";

    @Option(names = "--model", required = true, description = "The model folder, e.g. models/shapes-clip.")
    Path model;

    @Option(names = "--mnist", description = "Folder with the MNIST IDX files, to measure digits too.")
    Path mnist;

    @Option(names = "--eval-seed", defaultValue = "1001", description = "Seed of the evaluation scenes. Default: ${DEFAULT-VALUE}.")
    long evalSeed;

    @Override
    public Integer call() throws Exception {
        return evaluateAndWriteManifest(model, mnist, evalSeed);
    }

    static int evaluateAndWriteManifest(Path folder, Path mnistDir, long evalSeed) throws IOException {
        Map<String, Double> metrics;
        try (Clip clip = Clip.load(folder)) {
            Mnist test = mnistDir == null ? null : Mnist.test(mnistDir);
            metrics = ClipEvaluation.evaluate(clip, evalSeed, test, 10_000);
            ImageIo.writePng(retrievalExamples(clip, evalSeed), folder.resolve("retrieval-examples.png"));
            System.out.print(ClipEvaluation.format(metrics));
            var builder = ModelManifest.builder(folder)
                    .task(TASK).format("djl").license("Apache-2.0")
                    .description("CLIP-style dual encoder for 64x64 images (4-block ConvNet) and text ("
                            + clip.config().textTower().name().toLowerCase() + " text tower), "
                            + clip.config().embedDim() + "-d shared space, trained on Shapes"
                            + (metrics.containsKey("mnist_zeroshot") ? " and MNIST" : "")
                            + "; metrics measured with evaluation seed " + evalSeed)
                    .command(CommandLines.recorded(folder, "command", "unknown"))
                    .data(CommandLines.recorded(folder, "data", "unknown"))
                    .file("config.json").file("vocab.txt").file(Clip.WEIGHTS_FILE);
            metrics.forEach(builder::metric);
            builder.parameters(clip.parameterCount());
            builder.write();
        }
        System.out.println("wrote " + folder.resolve(ModelManifest.FILE_NAME));
        return 0;
    }

    /** Held-out captions as queries over 1000 held-out scenes, top 6 each. */
    static BufferedImage retrievalExamples(Clip clip, long seed) {
        List<Scene> scenes = ShapesDataset.generate(seed, ClipEvaluation.RETRIEVAL_POOL, ShapesSplit.HELD_OUT);
        List<BufferedImage> images = scenes.stream().map(SceneRenderer::render).toList();
        RetrievalIndex<Scene> index = new RetrievalIndex<>(scenes,
                clip.embedImageTensors(images.stream().map(ClipImages::tensor).toList()));
        List<RetrievalSheet.Row> rows = new ArrayList<>();
        for (int q = 0; q < 8; q++) {
            Scene wanted = scenes.get(q * 7);
            String query = Captions.canonical(wanted);
            var hits = index.search(clip.embedTexts(List.of(query))[0], 6);
            rows.add(new RetrievalSheet.Row(query, hits.stream().map(h -> images.get(h.index())).toList(),
                    hits.stream().map(h -> SceneFacts.same(h.item(), wanted)).toList()));
        }
        return RetrievalSheet.draw(rows);
    }
}
