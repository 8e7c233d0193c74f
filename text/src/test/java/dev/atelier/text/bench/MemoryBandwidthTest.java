package dev.atelier.text.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import org.junit.jupiter.api.Test;

/** Correctness only (the figure itself is a benchmark): every word is read exactly once per pass. */
class MemoryBandwidthTest {

    @Test
    void everyWordIsReadOnce() {
        long words = (8L << 20) / 8 + 3; // an odd count: the tail and uneven slices are covered
        MemoryBandwidth.Measurement m = MemoryBandwidth.measure(words * 8, 3, 2);
        assertEquals(words * (words - 1) / 2, m.checksum(), "the buffer holds 0, 1, 2…: their sum");
        assertTrue(m.bestGbPerSecond() > 0 && m.bestGbPerSecond() >= m.meanGbPerSecond());
        assertEquals(words * 8, m.bytes());
    }

    @Test
    void badArguments() {
        assertThrows(AtelierException.class, () -> MemoryBandwidth.measure(4, 1, 1));
        assertThrows(AtelierException.class, () -> MemoryBandwidth.measure(1 << 20, 0, 1));
        assertThrows(AtelierException.class, () -> MemoryBandwidth.measure(1L << 40, 1, 1));
    }
}
