package dev.atelier.vision.caption;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
import dev.atelier.vision.clip.Clip;
import dev.atelier.vision.clip.ClipImages;
import dev.atelier.vision.clip.WordTokenizer;
import dev.atelier.vision.mnist.Mnist;
import dev.atelier.vision.shapes.Captions;
import dev.atelier.vision.shapes.Scene;
import dev.atelier.vision.shapes.SceneRenderer;
import dev.atelier.vision.shapes.ShapesDataset;
import dev.atelier.vision.shapes.ShapesSplit;
import dev.atelier.vision.training.LossCurve;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Trains a {@link PrefixDecoder} on the canonical captions of fresh Shapes TRAIN scenes (and MNIST
 * digits with {@code mnistDir}), reading frozen features of a trained CLIP model (its embedding or
 * its feature grid), with
 * teacher forcing and cross-entropy on the caption tokens. Writes a self-contained captioner folder:
 * {@code captioner.json}, {@code vocab.txt}, {@code captioner.params}, a copy of the CLIP model in
 * {@code clip/}, {@code loss.csv} and {@code loss-curve.png}.
 */
public final class CaptionerTrainer {

    /**
     * @param tokenDropout share of the decoder's input words (after {@code <bos>}) replaced by
     *                     {@code <unk>} in training, so it reads the words from the image prefix
     *                     rather than from the words before: a decoder that leans on its language
     *                     prior never writes "green triangle" when no training caption had it
     * @param prefixSource what of the CLIP image tower the prefix is made from
     * @param readingOrder train on captions in reading order ({@link Captions#readingOrder}) rather
     *                     than the scene's own order, so which object comes first is decided by the
     *                     image
     */
    public record Options(Path clipFolder, int steps, int batchSize, float learningRate, long seed, Path mnistDir,
            double mnistShare, double tokenDropout, PrefixSource prefixSource, boolean readingOrder, Path output) {
        public Options {
            Objects.requireNonNull(clipFolder, "clipFolder");
            Objects.requireNonNull(prefixSource, "prefixSource");
            Objects.requireNonNull(output, "output");
            if (steps < 1 || batchSize < 1 || !(learningRate > 0) || mnistShare < 0 || mnistShare >= 1
                    || tokenDropout < 0 || tokenDropout > 1) {
                throw AtelierException.invalidArgument("options", "invalid captioner training options: " + this);
            }
        }
    }

    private CaptionerTrainer() {
    }

    public static LossCurve train(Options options, ProgressListener listener) throws IOException {
        NativeRuntime.configure();
        WordTokenizer tokenizer = WordTokenizer.defaults();
        Mnist mnist = options.mnistDir() == null ? null : Mnist.train(options.mnistDir());
        LossCurve curve = new LossCurve("Prefix captioner loss");
        copyClip(options.clipFolder(), options.output().resolve(Captioner.CLIP_FOLDER));
        try (Clip clip = Clip.load(options.output().resolve(Captioner.CLIP_FOLDER))) {
            CaptionerConfig config = options.prefixSource().gridded() ? CaptionerConfig.grid(options.prefixSource(), clip.gridCells(),
                    clip.gridChannels(), clip.config().colorChannels()) : CaptionerConfig.defaults(clip.dimension());
            PrefixDecoder decoder = new PrefixDecoder(config, tokenizer.size());
            try (Model model = Model.newInstance("captioner", Device.cpu())) {
                model.setBlock(decoder);
                CosineTracker cosine = CosineTracker.builder().setBaseValue(options.learningRate())
                        .optFinalValue(options.learningRate() * 0.02f).setMaxUpdates(options.steps()).build();
                DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.l2Loss())
                        .optDevices(new Device[] {Device.cpu()})
                        .optOptimizer(Adam.builder().optLearningRateTracker(WarmUpTracker.builder()
                                .setMainTracker(cosine).optWarmUpSteps(Math.max(1, Math.min(200, options.steps() / 10)))
                                .build()).build());
                try (Trainer trainer = model.newTrainer(trainingConfig)) {
                    trainer.initialize(new Shape(options.batchSize(), config.imageFeatures()),
                            new Shape(options.batchSize(), config.maxTokens()));
                    SplittableRandom rng = new SplittableRandom(options.seed());
                    long[] nextScene = {0};
                    try (Progress progress = Progress.start("train captioner", options.steps(), "steps", listener)) {
                        for (int step = 0; step < options.steps(); step++) {
                            List<float[]> images = new ArrayList<>();
                            List<String> captions = new ArrayList<>();
                            for (int i = 0; i < options.batchSize(); i++) {
                                if (mnist != null && rng.nextDouble() < options.mnistShare()) {
                                    int index = rng.nextInt(mnist.count());
                                    images.add(ClipImages.tensor(ClipImages.mnistImage(mnist, index)));
                                    captions.add(Mnist.caption(mnist.label(index)));
                                } else {
                                    Scene scene = ShapesDataset.scene(options.seed(), ShapesSplit.TRAIN, (int) nextScene[0]++);
                                    images.add(ClipImages.tensor(SceneRenderer.render(scene)));
                                    captions.add(Captions.canonical(options.readingOrder() ? Captions.readingOrder(scene) : scene));
                                }
                            }
                            float loss = step(trainer, config, tokenizer, options.prefixSource().features(clip, images), captions,
                                    options.tokenDropout(), rng);
                            curve.add(step, loss);
                            progress.metric("loss", curve.recentMean(20));
                            progress.step();
                        }
                    }
                }
                config.write(options.output());
                tokenizer.write(options.output());
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                        Files.newOutputStream(options.output().resolve(Captioner.WEIGHTS_FILE))))) {
                    decoder.saveParameters(out);
                }
            }
        }
        curve.writeCsv(options.output().resolve("loss.csv"));
        curve.writePng(options.output().resolve("loss-curve.png"));
        return curve;
    }

    private static float step(Trainer trainer, CaptionerConfig config, WordTokenizer tokenizer, float[][] images,
            List<String> captions, double tokenDropout, SplittableRandom rng) {
        int b = captions.size();
        int t = config.maxTokens();
        int dim = config.imageFeatures();
        int[] inputs = new int[b * t];
        int[] targets = new int[b * t];
        float[] mask = new float[b * t];
        float[] flatImages = new float[b * dim];
        for (int i = 0; i < b; i++) {
            System.arraycopy(images[i], 0, flatImages, i * dim, dim);
            int[] words = tokenizer.encode(captions.get(i));
            if (words.length + 1 > t) {
                throw AtelierException.invalidArgument("caption", "caption longer than " + (t - 1) + " words");
            }
            inputs[i * t] = WordTokenizer.BOS;
            for (int j = 0; j < words.length; j++) {
                inputs[i * t + j + 1] = rng.nextDouble() < tokenDropout ? WordTokenizer.UNK : words[j];
                targets[i * t + j] = words[j];
                mask[i * t + j] = 1;
            }
            targets[i * t + words.length] = WordTokenizer.EOS;
            mask[i * t + words.length] = 1;
        }
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray imageArray = m.create(flatImages, new Shape(b, dim));
            NDArray inputArray = m.create(inputs, new Shape(b, t));
            NDArray targetArray = m.create(targets, new Shape(b, t));
            NDArray maskArray = m.create(mask, new Shape(b, t));
            float value;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(imageArray, inputArray)).head();
                NDArray logProbs = logits.logSoftmax(-1);
                NDArray picked = logProbs.mul(targetArray.oneHot((int) logits.getShape().get(2)).toType(DataType.FLOAT32, false))
                        .sum(new int[] {2});
                NDArray loss = picked.mul(maskArray).sum().div(maskArray.sum()).neg();
                collector.backward(loss);
                value = loss.getFloat();
            }
            trainer.step();
            if (!Float.isFinite(value)) {
                throw AtelierException.internal("captioner training diverged (loss " + value + ")", null);
            }
            return value;
        }
    }

    /** The captioner carries its own copy of the CLIP model it reads, so its folder is self-contained. */
    private static void copyClip(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String file : Clip.FILES) {
            Files.copy(from.resolve(file), to.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
