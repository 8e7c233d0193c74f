package dev.atelier.vision.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.nn.Parameter;
import dev.atelier.core.runtime.NativeRuntime;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SelfAttentionTest {

    private static float[] run(TransformerLayer layer, NDManager m, float[] x, float[] keep) {
        NDList in = new NDList(m.create(x, new Shape(1, 5, 8)));
        if (keep != null) {
            in.add(m.create(keep, new Shape(1, 5)));
        }
        return layer.forward(new ParameterStore(m, false), in, false).head().toFloatArray();
    }

    private static TransformerLayer layer(NDManager m, boolean causal) {
        TransformerLayer layer = new TransformerLayer(8, 2, causal);
        layer.setInitializer(new NormalInitializer(0.5f), Parameter.Type.WEIGHT);
        layer.initialize(m, DataType.FLOAT32, new Shape(1, 5, 8), new Shape(1, 5));
        return layer;
    }

    @Test
    void causalLayerIgnoresLaterPositions() {
        NativeRuntime.configure();
        try (NDManager m = NDManager.newBaseManager()) {
            TransformerLayer layer = layer(m, true);
            float[] x = random(40, 1);
            float[] changed = x.clone();
            for (int i = 3 * 8; i < 40; i++) {
                changed[i] += 1.5f; // positions 3 and 4
            }
            float[] a = run(layer, m, x, null);
            float[] b = run(layer, m, changed, null);
            assertArrayEquals(Arrays.copyOf(a, 24), Arrays.copyOf(b, 24), 1e-5f);
            assertFalse(Arrays.equals(Arrays.copyOfRange(a, 24, 40), Arrays.copyOfRange(b, 24, 40)));
        }
    }

    @Test
    void paddedKeysAreInvisibleAndBidirectionalLayersSeeEverything() {
        NativeRuntime.configure();
        try (NDManager m = NDManager.newBaseManager()) {
            TransformerLayer layer = layer(m, false);
            float[] keep = {1, 1, 1, 0, 0};
            float[] x = random(40, 2);
            float[] changed = x.clone();
            for (int i = 3 * 8; i < 40; i++) {
                changed[i] -= 2f;
            }
            assertArrayEquals(Arrays.copyOf(run(layer, m, x, keep), 24), Arrays.copyOf(run(layer, m, changed, keep), 24), 1e-5f);
            // Without the mask the first position does see the change.
            assertFalse(Arrays.equals(Arrays.copyOf(run(layer, m, x, null), 8), Arrays.copyOf(run(layer, m, changed, null), 8)));
        }
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) r.nextGaussian();
        }
        return out;
    }
}
