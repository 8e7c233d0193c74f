package dev.atelier.audio.synth;

/**
 * Two-sample polynomial corrections that band-limit the corners of naive waveforms. Both come from
 * one kernel: a triangle (linear interpolation) two samples wide. Integrating it once gives the
 * band-limited step, twice the band-limited ramp; these functions return band-limited minus
 * naive, for a discontinuity at phase 0 of a cycle advancing {@code dt} per sample.
 */
final class PolyBlep {
    private PolyBlep() {
    }

    /** Residual of a unit-height upward step at phase 0 (add {@code height * blep}). */
    static double blep(double t, double dt) {
        if (t < dt) {
            double x = t / dt; // samples since the step, in [0, 1)
            return x - 0.5 * x * x - 0.5;
        }
        if (t > 1 - dt) {
            double x = (t - 1) / dt; // samples until the step, in (-1, 0]
            return 0.5 * x * x + x + 0.5;
        }
        return 0;
    }

    /** Residual of a unit change of slope (per sample) at phase 0 (add {@code slopeChange * blamp}). */
    static double blamp(double t, double dt) {
        if (t < dt) {
            double y = 1 - t / dt;
            return y * y * y / 6;
        }
        if (t > 1 - dt) {
            double y = (t - 1) / dt + 1;
            return y * y * y / 6;
        }
        return 0;
    }
}
