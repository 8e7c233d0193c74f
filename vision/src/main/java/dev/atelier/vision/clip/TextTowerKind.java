package dev.atelier.vision.clip;

/** Which text tower a CLIP model has. */
public enum TextTowerKind {
    /** The frozen pretrained all-MiniLM-L6-v2 sentence encoder with a trained projection. */
    MINILM,
    /** A small word-level transformer trained from scratch with the image tower. */
    SCRATCH
}
