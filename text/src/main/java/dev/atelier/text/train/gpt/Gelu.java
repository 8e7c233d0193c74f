package dev.atelier.text.train.gpt;

import dev.atelier.core.runtime.Scalars;
import ai.djl.ndarray.NDArray;

/**
 * GELU with GPT-2's tanh approximation, 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), written out
 * so that it is exactly the formula the pure-Java engine evaluates (PyTorch's default GELU is the
 * erf form, which differs in the fourth decimal).
 */
final class Gelu {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private Gelu() {
    }

    static NDArray apply(NDArray x) {
        // No in-place ops: autograd needs tanh's output for the backward pass.
        NDArray inner = Scalars.mul(Scalars.mul(Scalars.pow(x, 3), 0.044715f).add(x), (float) SQRT_2_OVER_PI);
        return Scalars.mul(inner.tanh().add(1f).mul(x), 0.5f);
    }
}
