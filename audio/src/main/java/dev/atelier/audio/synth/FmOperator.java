package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;
import java.util.Objects;

/**
 * One FM operator: a sine at {@code ratio} × the note's frequency, scaled by {@code level} and its
 * own envelope. A carrier's level is its output amplitude (0 to 1); a modulator's is the
 * modulation index in radians (0 to 20) it adds to the phases of the operators it feeds.
 */
public record FmOperator(double ratio, double level, Envelope envelope) {
    public FmOperator {
        AudioLimits.checkRange(ratio, 0.01, 32, "fm_ratio");
        AudioLimits.checkRange(level, 0, 20, "fm_level");
        Objects.requireNonNull(envelope, "envelope");
    }
}
