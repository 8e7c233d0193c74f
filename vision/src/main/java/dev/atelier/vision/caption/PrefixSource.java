package dev.atelier.vision.caption;

/** What of the frozen CLIP image tower the captioner's prefix is made from. */
public enum PrefixSource {
    /**
     * ClipCap as published: the pooled, normalised CLIP image embedding, mapped by an MLP to
     * {@code prefixLength} vectors.
     */
    POOLED,
    /**
     * The image tower's feature grid before its head, one prefix vector per cell (each cell's shape
     * and colour channels through the same small MLP), so the decoder can attend to one object's
     * cells while it names that object: a caption's words then come from the object's own colour
     * and shape features, not from a single vector in which the pair is entangled.
     */
    GRID
}
