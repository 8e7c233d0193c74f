package dev.atelier.text.embedding;

import java.util.List;

/**
 * A batch of embeddings with the number of tokens the model read for them ({@code [CLS]} and
 * {@code [SEP]} included, after truncation): what an API reports as usage.
 */
public record Embeddings(List<float[]> vectors, int tokens) {
    public Embeddings {
        vectors = List.copyOf(vectors);
    }
}
