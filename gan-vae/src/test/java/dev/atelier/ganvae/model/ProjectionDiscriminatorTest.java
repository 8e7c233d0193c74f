package dev.atelier.ganvae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.ganvae.sample.ModelDescription;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The projection discriminator (Miyato and Koyama 2018): D(x, y) = ψ(h) + ⟨V y, Σ_ij h_ij⟩. The
 * class term is checked against an inner product computed here in plain loops from the base map
 * and the embedding matrix.
 */
class ProjectionDiscriminatorTest {
    private static final int CLASSES = 3;

    @Test
    void theClassTermIsTheInnerProductOfTheClassEmbeddingWithTheSumPooledFeatures() {
        GanConfig config = GanConfig.builder().setImage(1, 16).optLatentDim(4).optGeneratorWidth(4)
                .optDiscriminatorWidth(4).optCondition(Condition.classes(CLASSES, 2)).build();
        assertEquals(DiscriminatorCondition.PROJECTION, config.discriminatorCondition());
        try (Gan gan = Gan.create(config, 7); NDManager m = NDManager.newBaseManager()) {
            Discriminator d = gan.discriminator();
            // Embedding weights of order 1 (not DCGAN's 0.02) so the term is far above float noise.
            Parameter v = embeddingWeight(d);
            long channels = v.getArray().getShape().get(0);
            assertEquals(new Shape(channels, CLASSES), v.getArray().getShape()); // DJL Linear: (units, inputs)
            float[] weights = new float[(int) channels * CLASSES];
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < weights.length; i++) {
                weights[i] = (float) (random.nextDouble() * 2 - 1);
            }
            v.getArray().set(FloatBuffer.wrap(weights));

            int batch = 2;
            float[] pixels = new float[batch * 16 * 16];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) (random.nextDouble() * 2 - 1);
            }
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = m.create(pixels, new Shape(batch, 1, 16, 16));
            float[] none = score(d, store, m, x, new float[batch * CLASSES]);
            float[] h = d.features(store, x, false).toFloatArray();
            int map = h.length / batch / (int) channels;
            for (int k = 0; k < CLASSES; k++) {
                float[] oneHot = new float[batch * CLASSES];
                oneHot[k] = 1;
                oneHot[CLASSES + k] = 1;
                float[] scored = score(d, store, m, x, oneHot);
                for (int b = 0; b < batch; b++) {
                    double expected = 0;
                    for (int c = 0; c < channels; c++) {
                        double pooled = 0;
                        for (int p = 0; p < map; p++) {
                            pooled += h[(b * (int) channels + c) * map + p];
                        }
                        expected += weights[c * CLASSES + k] * pooled;
                    }
                    assertTrue(Math.abs(expected) > 1e-2, "the test would not see a missing term: " + expected);
                    assertEquals(expected, scored[b] - none[b], 1e-4 * Math.max(1, Math.abs(expected)),
                            "class " + k + ", image " + b);
                }
            }
        }
    }

    @Test
    void classConditionsDefaultToProjectionTextToConcatenation() {
        GanConfig text = GanConfig.builder().setImage(3, 64).optCondition(Condition.text(384, 8)).build();
        assertEquals(DiscriminatorCondition.CONCAT, text.discriminatorCondition());
        GanConfig chosen = GanConfig.builder().setImage(1, 28).optCondition(Condition.classes(10, 16))
                .optDiscriminatorCondition(DiscriminatorCondition.CONCAT).build();
        assertEquals(DiscriminatorCondition.CONCAT, chosen.discriminatorCondition());
        try (Gan gan = Gan.create(chosen, 1)) {
            assertNull(embeddingWeightOrNull(gan.discriminator()));
        }
    }

    @Test
    void aConfigSavedBeforeTheFieldExistedLoadsAsTheConcatenationItWasTrainedWith() throws Exception {
        String old = """
                {"kind":"gan","gan":{"image":{"channels":1,"size":28},"latentDim":64,
                 "condition":{"kind":"CLASS","dimension":10,"embedDim":16},"generatorWidth":32,"discriminatorWidth":32},
                 "vae":null,"classes":["0","1","2","3","4","5","6","7","8","9"],"textEncoder":null,"vocabulary":[]}""";
        ModelDescription description = new ObjectMapper().readValue(old, ModelDescription.class);
        assertEquals(DiscriminatorCondition.CONCAT, description.gan().discriminatorCondition());
    }

    private static float[] score(Discriminator d, ParameterStore store, NDManager m, NDArray x, float[] y) {
        NDArray c = m.create(y, new Shape(x.getShape().get(0), CLASSES));
        return d.forward(store, new NDList(x, c), false).singletonOrThrow().toFloatArray();
    }

    private static Parameter embeddingWeight(Discriminator d) {
        Parameter p = embeddingWeightOrNull(d);
        assertTrue(p != null, "no embedding in " + d.getParameters().keys());
        return p;
    }

    private static Parameter embeddingWeightOrNull(Discriminator d) {
        for (Map.Entry<String, Parameter> e : d.getParameters().toMap().entrySet()) {
            if (e.getKey().contains("embedding") && e.getValue().getType() == Parameter.Type.WEIGHT) {
                return e.getValue();
            }
        }
        return null;
    }
}
