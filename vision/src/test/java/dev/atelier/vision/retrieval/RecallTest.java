package dev.atelier.vision.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecallTest {

    private static float[] unit(double angle) {
        return new float[] {(float) Math.cos(angle), (float) Math.sin(angle)};
    }

    @Test
    void recallCountsTheRankOfTheBestRelevantItem() {
        // Items at angles 0, 0.1, 0.2, 0.3; query 0 matches item 0 (rank 1), query 1 matches item 3 but sits at item 0.
        float[][] items = {unit(0), unit(0.1), unit(0.2), unit(0.3)};
        float[][] queries = {unit(0), unit(0)};
        Map<Integer, Double> r = Recall.atK(queries, List.of("a", "d"), items, List.of("a", "b", "c", "d"), 1, 3, 4);
        assertEquals(0.5, r.get(1));
        assertEquals(0.5, r.get(3));
        assertEquals(1.0, r.get(4));
    }

    @Test
    void indexReturnsNearestFirst() {
        RetrievalIndex<String> index = new RetrievalIndex<>(List.of("x", "y", "z"),
                new float[][] {unit(1.0), unit(0.05), unit(0.5)});
        var hits = index.search(unit(0), 2);
        assertEquals(List.of("y", "z"), hits.stream().map(RetrievalIndex.Hit::item).toList());
    }
}
