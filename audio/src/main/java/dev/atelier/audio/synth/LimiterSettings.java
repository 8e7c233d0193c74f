package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;

/** Ceiling (linear, 0.1 to 1), lookahead (0.1 to 20 ms) and release (1 ms to 2 s) of a {@link Limiter}. */
public record LimiterSettings(double ceiling, double lookaheadSeconds, double releaseSeconds) {
    public LimiterSettings {
        AudioLimits.checkRange(ceiling, 0.1, 1.0, "limiter_ceiling");
        AudioLimits.checkRange(lookaheadSeconds, 0.0001, 0.02, "limiter_lookahead");
        AudioLimits.checkRange(releaseSeconds, 0.001, 2, "limiter_release");
    }

    /** −0.3 dBFS ceiling, 5 ms lookahead, 80 ms release. */
    public static LimiterSettings standard() {
        return new LimiterSettings(Math.pow(10, -0.3 / 20), 0.005, 0.08);
    }
}
