package dev.atelier.ganvae.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import dev.atelier.core.runtime.NativeRuntime;

/**
 * A generator and (for training) its discriminator, in one NDManager. For sampling only, the
 * discriminator is left out: {@link #generatorOnly}.
 */
public final class Gan implements ImageDecoder {
    private final GanConfig config;
    private final NDManager manager;
    private final AbstractBlock generator;
    private final Discriminator discriminator;

    private Gan(GanConfig config, NDManager manager, AbstractBlock generator, Discriminator discriminator) {
        this.config = config;
        this.manager = manager;
        this.generator = generator;
        this.discriminator = discriminator;
    }

    /** Both networks, initialised from {@code seed} (DCGAN's N(0, 0.02)). */
    public static Gan create(GanConfig config, long seed) {
        NativeRuntime.configure();
        NDManager manager = NDManager.newBaseManager();
        AbstractBlock g = Generator.of(config);
        Discriminator d = new Discriminator(config);
        Networks.initialize(g, manager, seed, Generator.inputShapes(config.latentDim(), config.condition(), 2));
        Networks.initialize(d, manager, seed + 1, d.inputShapes(2));
        return new Gan(config, manager, g, d);
    }

    /** The generator alone, its weights still to be loaded ({@link Networks#load}). */
    public static Gan generatorOnly(GanConfig config) {
        NativeRuntime.configure();
        NDManager manager = NDManager.newBaseManager();
        AbstractBlock g = Generator.of(config);
        Networks.initialize(g, manager, 0, Generator.inputShapes(config.latentDim(), config.condition(), 2));
        return new Gan(config, manager, g, null);
    }

    public GanConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    /** G: a {@link Generator} (DCGAN up-stack) or a {@link LayeredDecoder}, by {@link GanConfig#slots()}. */
    public AbstractBlock generator() {
        return generator;
    }

    public Discriminator discriminator() {
        return discriminator;
    }

    @Override
    public ImageSpec image() {
        return config.image();
    }

    @Override
    public int latentDim() {
        return config.latentDim();
    }

    @Override
    public Condition condition() {
        return config.condition();
    }

    /** G(z, c) in inference mode (batch norm on its running statistics), mapped from [-1, 1] to [0, 1]. */
    @Override
    public synchronized float[] decode(float[] z, float[] c, int count) {
        try (NDManager scratch = manager.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList inputs = new NDList(scratch.create(z, new Shape(count, config.latentDim())));
            if (config.condition().present()) {
                inputs.add(scratch.create(c, new Shape(count, config.condition().dimension())));
            }
            NDArray x = generator.forward(new ParameterStore(scratch, false), inputs, false).singletonOrThrow();
            return x.add(1f).div(2f).toFloatArray();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
