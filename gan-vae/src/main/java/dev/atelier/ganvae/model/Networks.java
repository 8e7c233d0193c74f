package dev.atelier.ganvae.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import dev.atelier.core.error.AtelierException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Initialising, counting, saving and loading the parameters of the networks. */
public final class Networks {
    /** DCGAN: "all weights were initialized from a zero-centered Normal distribution with standard deviation 0.02". */
    public static final float INIT_STD = 0.02f;

    private Networks() {
    }

    /**
     * Initialises {@code block} for inputs of {@code shapes}: weights of convolutions and fully
     * connected layers from N(0, 0.02), biases 0, batch-norm scale 1 and shift 0. The engine's random
     * seed is set first, so the same seed gives the same weights.
     */
    public static void initialize(AbstractBlock block, NDManager manager, long seed, ai.djl.ndarray.types.Shape... shapes) {
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
        block.setInitializer(new NormalInitializer(INIT_STD), Parameter.Type.WEIGHT);
        block.initialize(manager, DataType.FLOAT32, shapes);
    }

    /** Number of trainable values (running batch-norm statistics not counted). */
    public static long parameterCount(AbstractBlock block) {
        long n = 0;
        for (Parameter p : block.getParameters().values()) {
            if (p.requiresGradient()) {
                n += p.getArray().size();
            }
        }
        return n;
    }

    public static void save(AbstractBlock block, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                block.saveParameters(out);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Loads parameters saved by {@link #save} into an initialised block of the same architecture;
     * a file made for another architecture (any parameter of another shape) is refused.
     */
    public static void load(AbstractBlock block, NDManager manager, Path file) {
        java.util.List<ai.djl.ndarray.types.Shape> expected = new java.util.ArrayList<>();
        for (Parameter p : block.getParameters().values()) {
            expected.add(p.getArray().getShape());
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            block.loadParameters(manager, in);
        } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
            throw AtelierException.unavailable("cannot load network parameters from " + file.getFileName() + ": "
                    + e.getMessage());
        }
        int i = 0;
        for (Parameter p : block.getParameters().values()) {
            if (!p.getArray().getShape().equals(expected.get(i++))) {
                throw AtelierException.unavailable(file.getFileName() + " was saved from another architecture: "
                        + p.getName() + " has shape " + p.getArray().getShape() + ", expected " + expected.get(i - 1));
            }
        }
    }
}
