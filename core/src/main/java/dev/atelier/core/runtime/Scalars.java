package dev.atelier.core.runtime;

import ai.djl.ndarray.NDArray;

/**
 * Arithmetic with a constant that is safe under autograd. Use these instead of DJL's
 * {@code NDArray.mul(Number)}, {@code div(Number)}, {@code pow(Number)}, {@code maximum(Number)}
 * and {@code minimum(Number)} on anything a gradient flows through.
 *
 * <p>Why: on the CPU, DJL's PyTorch engine turns the number into a tensor whose memory is a Java
 * direct buffer, runs the op, and closes that tensor at once. PyTorch's autograd keeps the
 * constant for the backward pass (the gradient of {@code x·c} is {@code c}), but the buffer
 * behind it is freed when the Java garbage collector next runs. A backward pass after such a
 * collection reads freed memory: gradients silently wrong, now and then NaN.
 * {@code ScalarsTest} reproduces it. Here the constant lives in {@code x}'s manager, so it stays
 * alive as long as {@code x} does (for a training step: until the step's manager closes, after
 * the backward pass). Constants used outside autograd (optimizer updates, inference) are safe
 * either way.
 */
public final class Scalars {
    private Scalars() {
    }

    /** {@code x · c}. */
    public static NDArray mul(NDArray x, double c) {
        return x.mul(constant(x, c));
    }

    /** {@code x / c}. */
    public static NDArray div(NDArray x, double c) {
        return x.div(constant(x, c));
    }

    /** {@code x ^ c}, elementwise. */
    public static NDArray pow(NDArray x, double c) {
        return x.pow(constant(x, c));
    }

    /** {@code max(x, c)}, elementwise. */
    public static NDArray maximum(NDArray x, double c) {
        return x.maximum(constant(x, c));
    }

    /** {@code min(x, c)}, elementwise. */
    public static NDArray minimum(NDArray x, double c) {
        return x.minimum(constant(x, c));
    }

    /** A 0-dimensional array of {@code x}'s type holding {@code c}, owned by {@code x}'s manager. */
    public static NDArray constant(NDArray x, double c) {
        return x.getManager().create((float) c).toType(x.getDataType(), false);
    }
}
