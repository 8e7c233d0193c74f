package dev.atelier.ganvae.bench;

import dev.atelier.core.progress.ProgressListener;
import dev.atelier.ganvae.data.PixelData;
import dev.atelier.ganvae.model.Condition;
import dev.atelier.ganvae.model.GanConfig;
import dev.atelier.ganvae.model.ImageDecoder;
import dev.atelier.ganvae.model.ImageSpec;
import dev.atelier.ganvae.model.VaeConfig;
import dev.atelier.ganvae.sample.GeneratorModel;
import dev.atelier.ganvae.sample.Sampler;
import dev.atelier.ganvae.train.GanTrainer;
import dev.atelier.ganvae.train.TrainingOptions;
import dev.atelier.ganvae.train.VaeTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Speed figures on this machine: images/s of batch sampling (per batch size) from a model folder,
 * and training images/s of a GAN and a VAE of the same shape on random data. Prints, asserts nothing.
 */
public final class GeneratorBench {
    private GeneratorBench() {
    }

    public static void run(Path modelFolder, int trainSteps, PrintStream out) throws IOException {
        try (GeneratorModel model = GeneratorModel.load(modelFolder)) {
            ImageDecoder decoder = model.decoder();
            Sampler sampler = new Sampler(decoder);
            float[] condition = decoder.condition().present() ? new float[decoder.condition().dimension()] : null;
            if (condition != null) {
                condition[0] = 1;
            }
            out.printf("sampling %s (%s %dx%d):%n", modelFolder.getFileName(), model.description().kind(),
                    decoder.image().size(), decoder.image().size());
            for (int batch : new int[] {1, 16, 64}) {
                sampler.sample(condition, batch, 1, 0); // warm-up
                int rounds = Math.max(2, 256 / batch);
                long t0 = System.nanoTime();
                for (int r = 0; r < rounds; r++) {
                    sampler.sample(condition, batch, r, 0);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                out.printf("  batch %3d: %8.1f images/s%n", batch, rounds * batch / seconds);
            }
            // Training: two runs of the same shape on random data, 5 and 5 + trainSteps steps; the difference
            // cancels start-up, the first (slow) steps and the grid and checkpoint every run writes at its end.
            double short_ = trainSeconds(model.description(), decoder, 5);
            double long_ = trainSeconds(model.description(), decoder, 5 + trainSteps);
            out.printf("training %s (batch 64): %.1f images/s%n", model.description().kind().toUpperCase(java.util.Locale.ROOT),
                    trainSteps * 64 / Math.max(long_ - short_, 1e-9));
        }
    }

    private static double trainSeconds(dev.atelier.ganvae.sample.ModelDescription description, ImageDecoder decoder,
            int steps) throws IOException {
        ImageSpec spec = decoder.image();
        PixelData data = randomData(spec, decoder.condition());
        Path tmp = Files.createTempDirectory("atelier-bench");
        long t0 = System.nanoTime();
        if (description.gan() != null) {
            GanConfig config = description.gan();
            GanConfig forData = new GanConfig(spec, config.latentDim(), data.condition(), config.generatorWidth(),
                    config.discriminatorWidth(), config.discriminatorCondition(), config.slots());
            new GanTrainer(forData, data, TrainingOptions.gan(steps, 64, 1, tmp).withSampleEvery(steps)
                    .withCheckpointEvery(steps), ProgressListener.NONE).train()
                    .gan().close();
        } else {
            VaeConfig config = description.vae();
            VaeConfig forData = new VaeConfig(spec, config.latentDim(), data.condition(), config.width(),
                    config.beta(), config.slots());
            new VaeTrainer(forData, data, TrainingOptions.vae(steps, 64, 1, tmp).withSampleEvery(steps)
                    .withCheckpointEvery(steps), ProgressListener.NONE).train().vae().close();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Random pixels with a condition of the model's width (class data stands in for text: same shapes). */
    static PixelData randomData(ImageSpec spec, Condition condition) {
        int n = 256;
        byte[] pixels = new byte[n * spec.pixels()];
        new SplittableRandom(1).nextBytes(pixels);
        if (!condition.present()) {
            return new PixelData(spec, pixels, null, 0, 0, "random");
        }
        byte[] labels = new byte[n];
        int classes = Math.min(condition.dimension(), 127);
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % classes);
        }
        return new PixelData(spec, pixels, labels, condition.dimension(), condition.embedDim(), "random");
    }
}
