package dev.atelier.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gradients through {@link Scalars} equal the analytic ones even when the garbage collector runs
 * between the forward and the backward pass, which is what breaks DJL's {@code mul(Number)} and
 * its kin (their constant's buffer is freed and reused; see the class comment of Scalars).
 */
class ScalarsTest {
    static final int ROUNDS = 30;

    @BeforeAll
    static void runtime() {
        NativeRuntime.configure();
    }

    /** d/dx of f at x = 2, with a collection and fresh direct buffers between forward and backward. */
    static float gradientAfterCollection(UnaryOperator<NDArray> f) {
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = engine.newBaseManager()) {
            NDArray x = manager.create(new float[] {2f});
            x.setRequiresGradient(true);
            try (NDManager step = manager.newSubManager()) {
                NDArray input = x.duplicate();
                input.attach(step);
                try (GradientCollector collector = engine.newGradientCollector()) {
                    NDArray y = f.apply(x.mul(input.onesLike())).sum();
                    System.gc();
                    for (int i = 0; i < 200; i++) {
                        ByteBuffer.allocateDirect(4).putFloat(0, 1e30f); // reuses what was freed, with junk
                    }
                    System.gc();
                    collector.backward(y);
                }
                NDArray g = x.getGradient();
                g.attach(step);
                return g.getFloat(0);
            }
        }
    }

    @Test
    void gradientsSurviveGarbageCollection() {
        for (int round = 0; round < ROUNDS; round++) {
            assertEquals(0.5f, gradientAfterCollection(x -> Scalars.mul(x, 0.5)), "d(0.5x)/dx");
            assertEquals(0.25f, gradientAfterCollection(x -> Scalars.div(x, 4)), "d(x/4)/dx");
            assertEquals(12f, gradientAfterCollection(x -> Scalars.pow(x, 3)), "d(x³)/dx at 2");
            assertEquals(1f, gradientAfterCollection(x -> Scalars.maximum(x, 1)), "d max(x, 1)/dx at 2");
            assertEquals(0f, gradientAfterCollection(x -> Scalars.maximum(x, 3)), "d max(x, 3)/dx at 2");
            assertEquals(1f, gradientAfterCollection(x -> Scalars.minimum(x, 3)), "d min(x, 3)/dx at 2");
        }
    }

    @Test
    void constantsTakeTheArraysType() {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray ints = manager.create(new int[] {3, 4});
            assertEquals(ints.getDataType(), Scalars.mul(ints, 2).getDataType());
            assertEquals(8, Scalars.mul(ints, 2).toIntArray()[1]);
        }
    }
}
