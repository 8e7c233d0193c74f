package dev.atelier.audio.compose;

import dev.atelier.audio.abc.AbcTune;

/**
 * A composed tune: its ABC text (a complete tune with X:, T:, R:, M:, L:, K:), the parsed tune,
 * how many samplings it took ({@code attempts}, 1 when the first parsed) and the seed of the one kept.
 */
public record Composition(String abc, AbcTune tune, int attempts, long seed) {
    /** Fraction of inner bars whose written length matches the meter. */
    public double barAccuracy() {
        return tune.innerBarMatchRate();
    }
}
