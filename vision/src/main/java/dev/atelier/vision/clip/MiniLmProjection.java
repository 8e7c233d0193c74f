package dev.atelier.vision.clip;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/**
 * The trained part of the MiniLM text tower: a two-layer MLP from the frozen 384-d sentence
 * embedding into the shared space. Input {@code [B, 384]}.
 */
public final class MiniLmProjection {

    private MiniLmProjection() {
    }

    public static SequentialBlock build(ClipConfig config) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(config.projectionHidden()).build())
                .add(Activation::gelu)
                .add(Linear.builder().setUnits(config.embedDim()).build());
    }
}
