package dev.atelier.text.train.gpt;

import ai.djl.ndarray.NDArray;

/** The feed-forward half of a block: widen to 4C, GELU (tanh form), project back to C. */
final class Mlp {
    private final Linear up;
    private final Linear down;

    Mlp(ParameterStore params, String prefix, GptConfig config, float residualStd) {
        this.up = new Linear(params, prefix + ".ffn_up", config.width(), config.feedForwardWidth(), 0.02f, config.bias());
        this.down = new Linear(params, prefix + ".ffn_down", config.feedForwardWidth(), config.width(), residualStd, config.bias());
    }

    NDArray forward(NDArray x) {
        return down.forward(Gelu.apply(up.forward(x)));
    }
}
