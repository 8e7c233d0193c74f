package dev.atelier.vision.shapes;

/** The Shapes splits. Each draws from its own random stream, so the same seed gives different scenes per split. */
public enum ShapesSplit {
    /** No object has a held-out (colour, shape) pair. */
    TRAIN,
    /** Like TRAIN: for model selection. */
    VALIDATION,
    /** Like TRAIN: in-distribution evaluation. */
    TEST,
    /** Every scene has at least one object with a held-out pair: measures compositional generalisation. */
    HELD_OUT
}
