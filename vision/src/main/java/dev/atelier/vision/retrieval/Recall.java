package dev.atelier.vision.retrieval;

import dev.atelier.vision.clip.Clip;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recall@k of cross-modal retrieval: the share of queries with at least one relevant item among
 * the {@code k} items of highest cosine. Relevance is by key (two items with the same key are
 * interchangeable answers, e.g. two scenes with the same caption).
 */
public final class Recall {

    private Recall() {
    }

    /** recall@k for each k in {@code ks}, keyed by k. */
    public static Map<Integer, Double> atK(float[][] queries, List<String> queryKeys, float[][] items,
            List<String> itemKeys, int... ks) {
        int[] hits = new int[ks.length];
        for (int q = 0; q < queries.length; q++) {
            // Rank of the best relevant item: how many items score strictly higher than it.
            float bestRelevant = Float.NEGATIVE_INFINITY;
            float[] scores = new float[items.length];
            for (int i = 0; i < items.length; i++) {
                scores[i] = Clip.cosine(queries[q], items[i]);
                if (itemKeys.get(i).equals(queryKeys.get(q))) {
                    bestRelevant = Math.max(bestRelevant, scores[i]);
                }
            }
            int higher = 0;
            for (float s : scores) {
                if (s > bestRelevant) {
                    higher++;
                }
            }
            for (int k = 0; k < ks.length; k++) {
                if (higher < ks[k]) {
                    hits[k]++;
                }
            }
        }
        Map<Integer, Double> out = new TreeMap<>();
        for (int k = 0; k < ks.length; k++) {
            out.put(ks[k], queries.length == 0 ? 0 : hits[k] / (double) queries.length);
        }
        return out;
    }
}
