package dev.atelier.vision.caption;

import dev.atelier.vision.clip.Clip;
import dev.atelier.vision.clip.ClipImages;
import java.util.List;

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
    GRID,
    /**
     * The grid with each cell split by the image tower's streams: one prefix vector from the cell's
     * shape-stream channels and one from its colour-stream channels, each through its own small
     * MLP. A colour word can then be read from vectors that hold no shape at all, so "triangle" in
     * the cell does not talk the decoder out of "green" when no training triangle was green.
     */
    GRID_STREAMS;

    /** Whether the prefix is made cell by cell. */
    public boolean gridded() {
        return this != POOLED;
    }

    /** The decoder's image features of images preprocessed by {@link ClipImages#tensor}, one row per image. */
    public float[][] features(Clip clip, List<float[]> tensors) {
        return gridded() ? clip.imageGridTensors(tensors) : clip.embedImageTensors(tensors);
    }
}
