package dev.atelier.text.llm;

import dev.atelier.text.kernel.Parallel;

/** One architecture's forward pass over new tokens, appending their keys and values to the caches. */
interface Forward {

    /**
     * Runs {@code tokens} (the batch's rows, sequence after sequence) at each sequence's next
     * positions; returns the logits ({@code [rows][vocab]}) of every row when {@code allLogits},
     * else of the last row of each sequence ({@code [sequences][vocab]}).
     */
    float[] forward(int[] tokens, Batch batch, boolean allLogits, Parallel parallel);
}
