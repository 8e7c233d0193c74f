package dev.atelier.vision.retrieval;

import dev.atelier.core.error.AtelierException;
import dev.atelier.vision.clip.Clip;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A brute-force cosine index over embeddings of one modality (images or texts), searched with a
 * query of the other. Exact; fine for the thousands of items these models see.
 *
 * @param <T> what each embedding stands for (a file name, a caption...)
 */
public final class RetrievalIndex<T> {

    public record Hit<T>(T item, int index, float cosine) {
    }

    private final List<T> items;
    private final float[][] embeddings;

    public RetrievalIndex(List<T> items, float[][] embeddings) {
        if (items.size() != embeddings.length) {
            throw AtelierException.invalidArgument("items", items.size() + " items but " + embeddings.length
                    + " embeddings");
        }
        this.items = List.copyOf(items);
        this.embeddings = embeddings.clone();
    }

    public int size() {
        return items.size();
    }

    /** The {@code k} items nearest to {@code query}, best first. */
    public List<Hit<T>> search(float[] query, int k) {
        if (k < 1) {
            throw AtelierException.invalidArgument("k", "k must be positive, got " + k);
        }
        PriorityQueue<Hit<T>> top = new PriorityQueue<>(Comparator.comparingDouble(Hit::cosine));
        for (int i = 0; i < embeddings.length; i++) {
            float cos = Clip.cosine(query, embeddings[i]);
            if (top.size() < k) {
                top.add(new Hit<>(items.get(i), i, cos));
            } else if (cos > top.peek().cosine()) {
                top.poll();
                top.add(new Hit<>(items.get(i), i, cos));
            }
        }
        List<Hit<T>> out = new ArrayList<>(top);
        out.sort(Comparator.comparingDouble(Hit<T>::cosine).reversed());
        return out;
    }
}
