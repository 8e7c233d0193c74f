package dev.atelier.text.train.gpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** LayerNorm over the last (channel) axis, eps 1e-5, weight one and bias zero at start. */
final class LayerNorm {
    final NDArray weight;
    final NDArray bias;
    private final Shape normalized;

    LayerNorm(ParameterStore params, String name, int width, boolean bias) {
        this.weight = params.constant(name + ".weight", 1f, width);
        this.bias = bias ? params.constant(name + ".bias", 0f, width) : null;
        this.normalized = new Shape(width);
    }

    NDArray forward(NDArray x) {
        NDArray b = bias != null ? bias : x.getManager().zeros(normalized);
        return x.getNDArrayInternal().layerNorm(x, normalized, weight, b, GptConfig.LAYER_NORM_EPS).singletonOrThrow();
    }
}
