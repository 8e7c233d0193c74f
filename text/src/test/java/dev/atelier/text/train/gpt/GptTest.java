package dev.atelier.text.train.gpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.runtime.NativeRuntime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DJL GPT against a from-scratch double-precision GPT-2 forward pass on random weights. */
class GptTest {
    static final GptConfig CONFIG = new GptConfig(37, 16, 2, 4, 32, 0.1f, true);

    @BeforeAll
    static void runtime() {
        NativeRuntime.configure();
    }

    @Test
    void logitsMatchAnIndependentGpt2() {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            Gpt model = new Gpt(CONFIG, manager, 7);
            // Random values everywhere (not the init's ones and zeros), so every term counts.
            Map<String, float[]> weights = new LinkedHashMap<>();
            SplittableRandom random = new SplittableRandom(3);
            for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
                float[] v = new float[(int) e.getValue().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (random.nextDouble(-1, 1) * (e.getKey().endsWith("norm.weight") ? 1 : 0.3));
                }
                weights.put(e.getKey(), v);
            }
            model.load(weights);
            int[] tokens = {1, 5, 36, 0, 12, 12, 7, 30, 2, 9, 14};
            long[] ids = new long[tokens.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = tokens[i];
            }
            float[] got = model.forward(manager.create(ids, new Shape(1, ids.length)), false).toFloatArray();
            double[][] want = new ReferenceGpt2(CONFIG, weights).logits(tokens);
            double maxDiff = 0;
            double maxAbs = 0;
            for (int t = 0; t < tokens.length; t++) {
                for (int v = 0; v < CONFIG.vocabularySize(); v++) {
                    maxDiff = Math.max(maxDiff, Math.abs(got[t * CONFIG.vocabularySize() + v] - want[t][v]));
                    maxAbs = Math.max(maxAbs, Math.abs(want[t][v]));
                }
            }
            assertTrue(maxAbs > 1, "logits are not trivially small: " + maxAbs);
            assertTrue(maxDiff < 1e-3 * maxAbs, "max |DJL − reference| = " + maxDiff + " (max logit " + maxAbs + ")");
        }
    }

    @Test
    void lossIsTheMeanCrossEntropyOfTheLogits() {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            Gpt model = new Gpt(CONFIG, manager, 1);
            long[] in = {1, 2, 3, 4, 5, 6, 7, 8};
            long[] out = {2, 3, 4, 5, 6, 7, 8, 36};
            NDArray x = manager.create(in, new Shape(2, 4));
            NDArray y = manager.create(out, new Shape(2, 4));
            float loss = model.loss(x, y, false).getFloat();
            float[] logits = model.forward(x, false).toFloatArray();
            int v = CONFIG.vocabularySize();
            double sum = 0;
            for (int p = 0; p < in.length; p++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < v; k++) {
                    max = Math.max(max, logits[p * v + k]);
                }
                double z = 0;
                for (int k = 0; k < v; k++) {
                    z += Math.exp(logits[p * v + k] - max);
                }
                sum += max + Math.log(z) - logits[p * v + (int) out[p]];
            }
            assertEquals(sum / in.length, loss, 1e-5);
            // N(0, 0.02) weights give near-uniform predictions: loss close to ln(vocabulary).
            assertEquals(Math.log(v), loss, 0.2);
        }
    }

    @Test
    void parameterCountAndNamesAreGpt2s() {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            Gpt model = new Gpt(CONFIG, manager, 1);
            long count = model.parameters().values().stream().mapToLong(NDArray::size).sum();
            assertEquals(CONFIG.parameterCount(), count);
            assertTrue(model.parameters().containsKey("blk.1.attn_qkv.weight"));
            assertEquals(new Shape(96, 32), model.parameters().get("blk.0.attn_qkv.weight").getShape());
            assertEquals(new Shape(32, 128), model.parameters().get("blk.0.ffn_down.weight").getShape());
            assertTrue(!model.parameters().containsKey("output.weight"), "the head is tied");
        }
    }

    @Test
    void refusesBadShapes() {
        assertThrows(AtelierException.class, () -> new GptConfig(37, 16, 2, 3, 32, 0.1f, true));
        assertThrows(AtelierException.class, () -> new GptConfig(37, -1, 2, 4, 32, 0.1f, true));
        assertThrows(AtelierException.class, () -> new GptConfig(37, 16, 2, 4, 32, Float.NaN, true));
        assertThrows(AtelierException.class, () -> new GptConfig(37, 16, 2, 4, 32, 1f, true));
        assertThrows(AtelierException.class, () -> new GptConfig(50_000, 1024, 1000, 64, 65_536, 0f, true));
    }
}
