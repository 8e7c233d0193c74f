package dev.atelier.text.llm;

import dev.atelier.text.kernel.Parallel;

/** One architecture's forward pass over new tokens, appending their keys and values to the cache. */
interface Forward {

    /**
     * Runs {@code tokens} at positions {@code cache.length()…}; returns the logits of every token
     * ({@code [tokens][vocab]}) when {@code allLogits}, else of the last one only.
     */
    float[] forward(int[] tokens, KvCache cache, boolean allLogits, Parallel parallel);
}
