package dev.atelier.vision.clip;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.WarmUpTracker;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.Progress;
import dev.atelier.core.progress.ProgressListener;
import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.text.embedding.SentenceEncoder;
import dev.atelier.vision.grammar.CaptionSpace;
import dev.atelier.vision.mnist.Mnist;
import dev.atelier.vision.training.LossCurve;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Trains a {@link ClipModel} with DJL: Adam, linear warm-up then cosine decay, the symmetric
 * contrastive loss on batches from {@link ClipData}. Writes {@code config.json}, {@code vocab.txt},
 * {@code clip.params}, {@code loss.csv} and {@code loss-curve.png} into the output folder.
 */
public final class ClipTrainer {

    /**
     * @param mnistDir   folder with the four MNIST files, or null for Shapes only
     * @param minilmCache file caching MiniLM embeddings of the captions between runs, or null
     */
    public record Options(TextTowerKind tower, int steps, int batchSize, float learningRate, long seed,
            Path mnistDir, double mnistShare, Path output, Path minilmCache) {

        public Options {
            Objects.requireNonNull(tower, "tower");
            Objects.requireNonNull(output, "output");
            if (steps < 1 || batchSize < 2 || !(learningRate > 0) || mnistShare < 0 || mnistShare >= 1) {
                throw AtelierException.invalidArgument("options", "steps >= 1, batch >= 2, learning rate > 0, "
                        + "MNIST share in [0, 1) expected: " + this);
            }
        }
    }

    private ClipTrainer() {
    }

    public static LossCurve train(Options options, ProgressListener listener) throws IOException {
        NativeRuntime.configure();
        ClipConfig config = ClipConfig.defaults(options.tower());
        WordTokenizer tokenizer = WordTokenizer.defaults();
        Mnist mnist = options.mnistDir() == null ? null : Mnist.train(options.mnistDir());
        ClipData data = new ClipData(options.seed(), mnist, options.mnistShare());
        LossCurve curve = new LossCurve("CLIP (" + options.tower().name().toLowerCase() + " text tower) loss");
        try (TextInputs texts = textInputs(options, data, listener)) {
            ClipModel clip = new ClipModel(config, tokenizer.size());
            try (Model model = Model.newInstance("clip", Device.cpu())) {
                model.setBlock(clip);
                int warmUp = Math.max(1, Math.min(200, options.steps() / 10));
                CosineTracker cosine = CosineTracker.builder().setBaseValue(options.learningRate())
                        .optFinalValue(options.learningRate() * 0.02f).setMaxUpdates(options.steps()).build();
                DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.l2Loss())
                        .optDevices(new Device[] {Device.cpu()})
                        .optOptimizer(Adam.builder().optLearningRateTracker(WarmUpTracker.builder()
                                .setMainTracker(cosine).optWarmUpSteps(warmUp).build()).build());
                try (Trainer trainer = model.newTrainer(trainingConfig)) {
                    trainer.initialize(clip.inputShapes(options.batchSize()));
                    SplittableRandom rng = new SplittableRandom(options.seed());
                    try (Progress progress = Progress.start("train CLIP (" + options.tower().name().toLowerCase()
                            + ")", options.steps(), "steps", listener)) {
                        for (int step = 0; step < options.steps(); step++) {
                            float loss = step(trainer, clip, texts, data.batch(options.batchSize(), rng));
                            curve.add(step, loss);
                            progress.metric("loss", curve.recentMean(20));
                            progress.step();
                        }
                    }
                }
                save(clip, config, tokenizer, options.output());
            }
        }
        curve.writeCsv(options.output().resolve("loss.csv"));
        curve.writePng(options.output().resolve("loss-curve.png"));
        return curve;
    }

    private static float step(Trainer trainer, ClipModel clip, TextInputs texts, List<ClipData.Example> batch) {
        try (NDManager m = trainer.getManager().newSubManager()) {
            List<float[]> images = new ArrayList<>(batch.size());
            List<String> captions = new ArrayList<>(batch.size());
            float[] same = new float[batch.size() * batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                images.add(batch.get(i).image());
                captions.add(batch.get(i).text());
                for (int j = 0; j < batch.size(); j++) {
                    same[i * batch.size() + j] = batch.get(i).fact().equals(batch.get(j).fact()) ? 1 : 0;
                }
            }
            NDList inputs = new NDList(ClipImages.batch(m, images));
            inputs.addAll(texts.encode(m, captions));
            NDArray sameArray = m.create(same, new Shape(batch.size(), batch.size()));
            float value;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList out = trainer.forward(inputs);
                NDArray loss = ContrastiveLoss.loss(out.get(0), out.get(1), out.get(2), sameArray);
                collector.backward(loss);
                value = loss.getFloat();
            }
            trainer.step();
            if (!Float.isFinite(value)) {
                throw AtelierException.internal("CLIP training diverged (loss " + value + ")", null);
            }
            return value;
        }
    }

    private static TextInputs textInputs(Options options, ClipData data, ProgressListener listener) throws IOException {
        if (options.tower() == TextTowerKind.SCRATCH) {
            return new TokenTexts(WordTokenizer.defaults(), ClipConfig.defaults(TextTowerKind.SCRATCH).maxTokens());
        }
        MiniLmTexts minilm = new MiniLmTexts(SentenceEncoder.allMiniLmL6V2(), true);
        if (options.minilmCache() != null) {
            minilm.load(options.minilmCache());
        }
        List<String> captions = new ArrayList<>(CaptionSpace.allParaphrases(true));
        captions.addAll(data.extraCaptions());
        try (Progress progress = Progress.start("embed captions with MiniLM", captions.size(), "captions", listener)) {
            progress.step(minilm.cached());
            minilm.precompute(captions, progress::step);
        }
        if (options.minilmCache() != null) {
            minilm.save(options.minilmCache());
        }
        return minilm;
    }

    static void save(ClipModel clip, ClipConfig config, WordTokenizer tokenizer, Path folder) throws IOException {
        Files.createDirectories(folder);
        config.write(folder);
        tokenizer.write(folder);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(folder.resolve(Clip.WEIGHTS_FILE))))) {
            clip.saveParameters(out);
        }
    }
}
