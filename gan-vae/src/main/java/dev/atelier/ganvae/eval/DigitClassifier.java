package dev.atelier.ganvae.eval;

import dev.atelier.core.runtime.Scalars;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.atelier.core.progress.Progress;
import dev.atelier.core.progress.ProgressListener;
import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.ganvae.model.Networks;
import dev.atelier.ganvae.model.Noise;
import dev.atelier.ganvae.train.Adam;
import dev.atelier.vision.mnist.Mnist;
import java.nio.file.Path;

/**
 * The independent judge of generated digits: a small LeNet-style CNN (conv 5x5 → 20, max-pool,
 * conv 5x5 → 40, max-pool, fully connected 64, fully connected 10) trained on the real MNIST
 * training set, never on generated images and never sharing weights with a generator. Its 64-d
 * penultimate activations are the feature space of the Fréchet distance.
 */
public final class DigitClassifier implements AutoCloseable {
    public static final String PARAMS = "classifier.params";
    public static final int FEATURES = 64;
    private static final int SIZE = 28;

    private final NDManager manager;
    private final SequentialBlock features;
    private final SequentialBlock head;

    private DigitClassifier(long seed) {
        NativeRuntime.configure();
        manager = NDManager.newBaseManager();
        features = new SequentialBlock()
                .add(conv(20)).addSingleton(Activation::relu).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(conv(40)).addSingleton(Activation::relu).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .addSingleton(x -> x.reshape(x.getShape().get(0), -1))
                .add(Linear.builder().setUnits(FEATURES).build()).addSingleton(Activation::relu);
        head = new SequentialBlock().add(Linear.builder().setUnits(10).build());
        // Xavier, not DCGAN's N(0, 0.02): a plain ReLU classifier learns faster from it.
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
        features.setInitializer(new ai.djl.training.initializer.XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
        head.setInitializer(new ai.djl.training.initializer.XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
        features.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 1, SIZE, SIZE));
        head.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, FEATURES));
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(5, 5)).optPadding(new Shape(2, 2)).build();
    }

    public static DigitClassifier load(Path folder) {
        DigitClassifier c = new DigitClassifier(0);
        try {
            Networks.load(c.features, c.manager, folder.resolve("features-" + PARAMS));
            Networks.load(c.head, c.manager, folder.resolve("head-" + PARAMS));
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    public void save(Path folder) {
        Networks.save(features, folder.resolve("features-" + PARAMS));
        Networks.save(head, folder.resolve("head-" + PARAMS));
    }

    public static String[] files() {
        return new String[] {"features-" + PARAMS, "head-" + PARAMS};
    }

    /**
     * Trains on {@code train} with Adam (lr 1e-3, ten times smaller in the last epoch), cross-entropy,
     * batches of 64 in shuffled epochs.
     */
    public static DigitClassifier train(Mnist train, int epochs, long seed, ProgressListener listener) {
        DigitClassifier c = new DigitClassifier(seed);
        Adam adam = new Adam(1e-3, 0.9, 0.999, c.features, c.head);
        int batch = 64;
        int steps = epochs * (train.count() / batch);
        float[] x = new float[batch * SIZE * SIZE];
        float[] y = new float[batch];
        int[] order = new int[train.count()];
        try (Progress progress = Progress.start("train digit classifier", steps, "steps", listener)) {
            for (int step = 0; step < steps; step++) {
                int inEpoch = step % (train.count() / batch);
                if (inEpoch == 0) {
                    shuffle(order, Noise.random(seed, step));
                    if (epochs > 1 && step / (train.count() / batch) == epochs - 1) {
                        adam.setLearningRate(1e-4);
                    }
                }
                for (int b = 0; b < batch; b++) {
                    int i = order[inEpoch * batch + b];
                    pixels(train, i, x, b);
                    y[b] = train.label(i);
                }
                try (NDManager scratch = c.manager.newSubManager(); NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    ParameterStore store = new ParameterStore(scratch, false);
                    NDArray input = scratch.create(x, new Shape(batch, 1, SIZE, SIZE));
                    NDArray labels = scratch.create(y, new Shape(batch));
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = c.logits(store, input, true);
                        NDArray logProbs = logits.logSoftmax(1);
                        NDArray loss = logProbs.mul(labels.toType(ai.djl.ndarray.types.DataType.INT64, false)
                                .oneHot(10)).sum().neg();
                        loss = Scalars.div(loss, batch);
                        collector.backward(loss);
                        progress.metric("loss", loss.getFloat());
                    }
                    adam.step();
                }
                progress.step();
            }
        }
        return c;
    }

    private static void shuffle(int[] order, java.util.SplittableRandom rng) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static void pixels(Mnist data, int index, float[] out, int slot) {
        int n = SIZE * SIZE;
        for (int p = 0; p < n; p++) {
            out[slot * n + p] = (data.pixels()[index * n + p] & 0xff) / 255f;
        }
    }

    private NDArray logits(ParameterStore store, NDArray x, boolean training) {
        NDArray f = features.forward(store, new NDList(x), training).singletonOrThrow();
        return head.forward(store, new NDList(f), training).singletonOrThrow();
    }

    /** Predicted class and 64-d features of {@code count} 28x28 grey images (floats in [0, 1], ink bright). */
    public synchronized Output classify(float[] images, int count) {
        int[] predicted = new int[count];
        float[] feats = new float[count * FEATURES];
        int chunk = 256;
        for (int from = 0; from < count; from += chunk) {
            int n = Math.min(chunk, count - from);
            try (NDManager scratch = manager.newSubManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                ParameterStore store = new ParameterStore(scratch, false);
                NDArray x = scratch.create(java.util.Arrays.copyOfRange(images, from * SIZE * SIZE,
                        (from + n) * SIZE * SIZE), new Shape(n, 1, SIZE, SIZE));
                NDArray f = features.forward(store, new NDList(x), false).singletonOrThrow();
                NDArray logits = head.forward(store, new NDList(f), false).singletonOrThrow();
                long[] arg = logits.argMax(1).toLongArray();
                for (int i = 0; i < n; i++) {
                    predicted[from + i] = (int) arg[i];
                }
                System.arraycopy(f.toFloatArray(), 0, feats, from * FEATURES, n * FEATURES);
            }
        }
        return new Output(predicted, feats);
    }

    /** The whole of {@code data} as floats in [0, 1]. */
    public static float[] images(Mnist data) {
        float[] out = new float[data.count() * SIZE * SIZE];
        for (int i = 0; i < data.count(); i++) {
            pixels(data, i, out, i);
        }
        return out;
    }

    /** Fraction of {@code data} classified correctly. */
    public double accuracy(Mnist data) {
        int[] predicted = classify(images(data), data.count()).predicted();
        int right = 0;
        for (int i = 0; i < data.count(); i++) {
            right += predicted[i] == data.label(i) ? 1 : 0;
        }
        return right / (double) data.count();
    }

    public long parameterCount() {
        return Networks.parameterCount(features) + Networks.parameterCount(head);
    }

    /** Classes and feature rows ({@value #FEATURES} per image). */
    public record Output(int[] predicted, float[] features) {
    }

    @Override
    public void close() {
        manager.close();
    }
}
