package dev.atelier.ganvae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.atelier.core.error.AtelierException;
import org.junit.jupiter.api.Test;

class NetworksTest {

    @Test
    void imageSpecsHalveToABaseMapOfFourToSeven() {
        assertEquals(7, new ImageSpec(1, 28).base());
        assertEquals(2, new ImageSpec(1, 28).levels());
        assertEquals(4, new ImageSpec(3, 64).base());
        assertEquals(4, new ImageSpec(3, 64).levels());
        assertThrows(AtelierException.class, () -> new ImageSpec(3, 30));
        assertThrows(AtelierException.class, () -> new ImageSpec(2, 64));
        assertThrows(AtelierException.class, () -> new ImageSpec(3, 100_000));
    }

    @Test
    void conditionalGanShapesAt64() {
        GanConfig config = GanConfig.builder().setImage(3, 64).optLatentDim(16).optGeneratorWidth(4)
                .optDiscriminatorWidth(4).optCondition(Condition.text(384, 8)).build();
        try (Gan gan = Gan.create(config, 1); NDManager m = NDManager.newBaseManager()) {
            ParameterStore store = new ParameterStore(m, false);
            NDArray z = m.randomNormal(new Shape(3, 16));
            NDArray c = m.randomNormal(new Shape(3, 384));
            NDArray x = gan.generator().forward(store, new NDList(z, c), false).singletonOrThrow();
            assertEquals(new Shape(3, 3, 64, 64), x.getShape());
            // tanh output
            assertEquals(1.0, Math.max(x.max().getFloat(), 1.0f), 1e-6);
            NDArray score = gan.discriminator().forward(store, new NDList(x, c), false).singletonOrThrow();
            assertEquals(new Shape(3), score.getShape());
        }
    }

    @Test
    void vaeShapesAt28() {
        VaeConfig config = VaeConfig.builder().setImage(1, 28).optLatentDim(5).optWidth(4)
                .optCondition(Condition.classes(10, 4)).build();
        try (Vae vae = Vae.create(config, 1)) {
            float[] x = new float[2 * 28 * 28];
            float[] c = new float[20];
            c[3] = 1;
            c[17] = 1;
            float[] mu = vae.encode(x, c, 2);
            assertEquals(10, mu.length);
            float[] images = vae.decode(mu, c, 2);
            assertEquals(2 * 28 * 28, images.length);
            for (float v : images) {
                assertEquals(0.5, v, 0.5); // sigmoid: inside [0, 1]
            }
        }
    }

    @Test
    void weightsStartFromNormalWithStd002() {
        GanConfig config = GanConfig.builder().setImage(3, 64).optGeneratorWidth(16).build();
        try (Gan gan = Gan.create(config, 3)) {
            double sum = 0;
            double sumSq = 0;
            long n = 0;
            for (Parameter p : gan.generator().getParameters().values()) {
                if (p.getType() == Parameter.Type.WEIGHT) {
                    for (float w : p.getArray().toFloatArray()) {
                        sum += w;
                        sumSq += w * w;
                        n++;
                    }
                }
            }
            double mean = sum / n;
            double std = Math.sqrt(sumSq / n - mean * mean);
            assertEquals(0.0, mean, 0.001);
            assertEquals(0.02, std, 0.001);
        }
    }

    @Test
    void sameSeedSameWeights() {
        GanConfig config = GanConfig.builder().setImage(1, 28).optGeneratorWidth(4).optDiscriminatorWidth(4).build();
        try (Gan a = Gan.create(config, 9); Gan b = Gan.create(config, 9)) {
            float[] z = Noise.batch(1, 0, 2, 100, 0);
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.decode(z, null, 2), b.decode(z, null, 2));
        }
    }

    @Test
    void paramsOfAnotherArchitectureAreRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        GanConfig narrow = GanConfig.builder().setImage(1, 28).optGeneratorWidth(4).optDiscriminatorWidth(4).build();
        GanConfig wide = GanConfig.builder().setImage(1, 28).optGeneratorWidth(8).optDiscriminatorWidth(4).build();
        try (Gan a = Gan.create(narrow, 1); Gan b = Gan.create(wide, 1)) {
            Networks.save(a.generator(), dir.resolve("g.params"));
            AtelierException e = assertThrows(AtelierException.class,
                    () -> Networks.load(b.generator(), b.manager(), dir.resolve("g.params")));
            assertEquals(dev.atelier.core.error.ErrorCode.UNAVAILABLE, e.code());
            java.nio.file.Path truncated = dir.resolve("t.params");
            try {
                byte[] bytes = java.nio.file.Files.readAllBytes(dir.resolve("g.params"));
                java.nio.file.Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            } catch (java.io.IOException io) {
                throw new java.io.UncheckedIOException(io);
            }
            assertThrows(AtelierException.class, () -> Networks.load(a.generator(), a.manager(), truncated));
        }
    }
}
