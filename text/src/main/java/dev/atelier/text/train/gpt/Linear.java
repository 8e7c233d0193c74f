package dev.atelier.text.train.gpt;

import ai.djl.ndarray.NDArray;

/** y = x Wᵀ + b, with W [out, in] drawn from N(0, std²) and b zero (absent without bias). */
final class Linear {
    final NDArray weight;
    final NDArray bias;

    Linear(ParameterStore params, String name, int in, int out, float std, boolean bias) {
        this.weight = params.normal(name + ".weight", std, out, in);
        this.bias = bias ? params.constant(name + ".bias", 0f, out) : null;
    }

    NDArray forward(NDArray x) {
        return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
    }
}
