package dev.atelier.ganvae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CollapseMonitorTest {

    @Test
    void flagsWhenDiversityFallsBelowAFractionOfItsEarlyValue() {
        CollapseMonitor m = new CollapseMonitor(0.3, 100);
        assertFalse(m.observe(50, 1.0)); // before warm-up: not the reference
        assertFalse(m.observe(100, 10.0));
        assertEquals(10.0, m.reference());
        assertFalse(m.observe(200, 3.5));
        assertTrue(m.observe(300, 2.9));
    }

    @Test
    void meanPairwiseDistanceOfKnownPoints() {
        // (0,0), (3,4), (6,8): distances 5, 10, 5 → mean 20/3
        float[] points = {0, 0, 3, 4, 6, 8};
        assertEquals(20.0 / 3, CollapseMonitor.meanPairwiseDistance(points, 0, 3, 2), 1e-9);
        float[] same = {1, 2, 1, 2, 1, 2};
        assertEquals(0, CollapseMonitor.meanPairwiseDistance(same, 0, 3, 2), 0);
    }
}
