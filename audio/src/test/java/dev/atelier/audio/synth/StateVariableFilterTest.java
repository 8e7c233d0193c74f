package dev.atelier.audio.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import org.junit.jupiter.api.Test;

class StateVariableFilterTest {
    private static final int SR = 48_000;
    // Each divides 48 000, so the measuring window holds whole cycles.
    private static final double[] PROBES = {100, 500, 1000, 2000, 4800, 12_000};

    /** |H| of the bilinear-transformed prototype: s = jΩ, Ω = tan(πf/fs) / tan(πfc/fs). */
    static double analyticGain(FilterMode mode, double f, double fc, double q) {
        double w = Math.tan(Math.PI * f / SR) / Math.tan(Math.PI * fc / SR);
        return prototypeGain(mode, w, q);
    }

    /** The analog prototype at normalised frequency w = f / fc. */
    static double prototypeGain(FilterMode mode, double w, double q) {
        double re = 1 - w * w;
        double im = w / q;
        double den = Math.hypot(re, im);
        return switch (mode) {
            case LOW_PASS -> 1 / den;
            case HIGH_PASS -> w * w / den;
            case BAND_PASS -> (w / q) / den;
        };
    }

    /** Steady-state gain for a sine at f: project the output's last 0.25 s onto sin and cos. */
    static double measuredGain(StateVariableFilter filter, double f) {
        SineOscillator osc = new SineOscillator(SR, f);
        filter.reset();
        filter.input.disconnectAll();
        filter.input.connect(osc.output);
        int settle = SR / 2;
        int window = SR / 4;
        float[] y = Render.run(filter, filter.output, settle + window);
        double s = 0;
        double c = 0;
        for (int n = settle; n < settle + window; n++) {
            double phase = 2 * Math.PI * f * n / SR;
            s += y[n] * Math.sin(phase);
            c += y[n] * Math.cos(phase);
        }
        return 2 * Math.hypot(s, c) / window;
    }

    @Test
    void magnitudeMatchesTheAnalyticTransferFunctionWithinHalfADb() {
        double fc = 1000;
        double worst = 0;
        for (FilterMode mode : FilterMode.values()) {
            for (double q : new double[] {0.707, 2, 8}) {
                StateVariableFilter filter = new StateVariableFilter(SR, mode, fc, q);
                for (double f : PROBES) {
                    double expected = 20 * Math.log10(analyticGain(mode, f, fc, q));
                    double measured = 20 * Math.log10(measuredGain(filter, f));
                    if (expected > -80) { // below that the float noise floor dominates
                        assertEquals(expected, measured, 0.5, mode + " Q=" + q + " at " + f + " Hz");
                        worst = Math.max(worst, Math.abs(expected - measured));
                    }
                }
            }
        }
        System.out.printf("SVF: worst deviation from the analytic magnitude %.4f dB%n", worst);
    }

    @Test
    void highCutoffsStayOnTheAnalyticCurve() {
        // Near Nyquist the prewarping tan is steep: its approximation must still hold the response.
        for (double fc : new double[] {12_000, 18_000, 22_000}) {
            StateVariableFilter f = new StateVariableFilter(SR, FilterMode.LOW_PASS, fc, 2);
            for (double probe : new double[] {1000, 4800, 12_000, 16_000}) {
                double expected = 20 * Math.log10(analyticGain(FilterMode.LOW_PASS, probe, fc, 2));
                assertEquals(expected, 20 * Math.log10(measuredGain(f, probe)), 0.05, fc + " Hz at " + probe);
            }
        }
    }

    @Test
    void wellBelowNyquistItIsTheAnalogFilter() {
        // The prewarped cutoff makes the digital filter match the analog one at the cutoff exactly
        // and closely below it: −3 dB at fc for Q = 1/√2, Q times the input at fc for the low-pass.
        StateVariableFilter lp = new StateVariableFilter(SR, FilterMode.LOW_PASS, 1000, Math.sqrt(0.5));
        assertEquals(-3.01, 20 * Math.log10(measuredGain(lp, 1000)), 0.05);
        StateVariableFilter res = new StateVariableFilter(SR, FilterMode.LOW_PASS, 2000, 8);
        assertEquals(20 * Math.log10(8), 20 * Math.log10(measuredGain(res, 2000)), 0.1);
        for (double f : new double[] {100, 500, 1000}) {
            assertEquals(20 * Math.log10(prototypeGain(FilterMode.LOW_PASS, f / 2000, 8)),
                    20 * Math.log10(measuredGain(res, f)), 0.5);
        }
    }

    @Test
    void cutoffModulationInOctavesMovesTheResponse() {
        // 500 Hz swept up one octave by a constant, and by a connected envelope held at 1,
        // must both respond like a 1000 Hz filter.
        StateVariableFilter shifted = new StateVariableFilter(SR, FilterMode.LOW_PASS, 500, 2);
        shifted.octaves.set(1);
        StateVariableFilter enveloped = new StateVariableFilter(SR, FilterMode.LOW_PASS, 500, 2);
        Adsr env = new Adsr(SR, new Envelope(0, 0, 1, 0));
        env.gate.set(1);
        enveloped.octaves.connect(env.output, 1.0);
        for (double f : new double[] {500, 1000, 2000}) {
            double expected = 20 * Math.log10(analyticGain(FilterMode.LOW_PASS, f, 1000, 2));
            assertEquals(expected, 20 * Math.log10(measuredGain(shifted, f)), 0.05);
            assertEquals(expected, 20 * Math.log10(measuredGain(enveloped, f)), 0.05);
        }
    }

    @Test
    void staysStableAndBoundedUnderFastLfoSweeps() {
        StateVariableFilter f = new StateVariableFilter(SR, FilterMode.LOW_PASS, 800, 20);
        SawOscillator saw = new SawOscillator(SR, 110);
        f.input.connect(saw.output);
        Lfo lfo = new Lfo(SR, LfoShape.SQUARE, 30);
        f.octaves.connect(lfo.output, 4);
        float[] y = Render.run(f, f.output, SR);
        for (float v : y) {
            assertTrue(Float.isFinite(v) && Math.abs(v) < 50, "unstable: " + v);
        }
    }

    /**
     * The textbook per-sample TPT state-variable low-pass (Zavalishin's form, double precision,
     * Math.tan and Math.pow), refreshing its coefficients every {@code step} samples.
     */
    static float[] referenceLowPass(float[] x, float[] octaves, double fc, double q, int step) {
        float[] y = new float[x.length];
        double k = 1 / q;
        double ic1 = 0;
        double ic2 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        for (int n = 0; n < x.length; n++) {
            if (n % step == 0) {
                double f = Math.min(0.49 * SR, Math.max(10, fc * Math.pow(2, octaves[n])));
                double g = Math.tan(Math.PI * f / SR);
                a1 = 1 / (1 + g * (g + k));
                a2 = g * a1;
                a3 = g * a2;
            }
            double v3 = x[n] - ic2;
            double v1 = a1 * ic1 + a2 * v3;
            double v2 = ic2 + a2 * ic1 + a3 * v3;
            ic1 = 2 * v1 - ic1;
            ic2 = 2 * v2 - ic2;
            y[n] = (float) v2;
        }
        return y;
    }

    /** A swept low-pass (saw in, sine LFO on the cutoff) and the same input and sweep for a reference. */
    private static float[][] sweep(double fc, double q, double lfoHz, double octaves) {
        int frames = SR;
        StateVariableFilter filter = new StateVariableFilter(SR, FilterMode.LOW_PASS, fc, q);
        filter.input.connect(new SawOscillator(SR, 110).output);
        filter.octaves.connect(new Lfo(SR, LfoShape.SINE, lfoHz).output, octaves);
        float[] y = Render.run(filter, filter.output, frames);
        float[] x = Render.run(new SawOscillator(SR, 110), frames);
        Lfo lfo = new Lfo(SR, LfoShape.SINE, lfoHz);
        float[] oct = Render.run(lfo, lfo.output, frames);
        for (int n = 0; n < frames; n++) {
            oct[n] = (float) (octaves * oct[n]);
        }
        return new float[][] {x, oct, y};
    }

    private static double relativeRmsError(float[] y, float[] reference) {
        double err = 0;
        double energy = 0;
        for (int n = 0; n < y.length; n++) {
            err += (y[n] - reference[n]) * (double) (y[n] - reference[n]);
            energy += reference[n] * (double) reference[n];
        }
        return Math.sqrt(err / energy);
    }

    @Test
    void sweptFilterIsTheTextbookFilterAtTheSameControlPoints() {
        // The state-space, two-samples-per-step form is an exact rewriting of the TPT recursion:
        // with coefficients refreshed at the same samples, it differs from the textbook filter only
        // by float output rounding (6e-8) and FastMath's tan/exp2 (1e-7, 1e-8 relative in the
        // cutoff, amplified at most about Q-fold at resonance): a few 1e-6 at Q = 8. Bound: 1e-4.
        for (double q : new double[] {0.707, 8}) {
            float[][] s = sweep(800, q, 7, 2);
            float[] reference = referenceLowPass(s[0], s[1], 800, q, StateVariableFilter.COEFFICIENT_STEP);
            double error = relativeRmsError(s[2], reference);
            System.out.printf("SVF Q=%.3f vs the textbook filter at its control points: relative RMS error %.2e%n", q, error);
            assertTrue(error < 1e-4, "Q=" + q + ": " + error);
        }
    }

    @Test
    void controlRateCoefficientsFollowASlowSweepLikePerSampleOnes() {
        // The pad's sweep: ±½ octave at 0.3 Hz moves the cutoff at most 0.5·2π·0.3 ≈ 0.94 octave/s,
        // 3.1e-4 octave (2.2e-4 relative) in the 16 samples a coefficient set is held: the output
        // then differs from per-sample coefficients by about that times the filter's sensitivity
        // to its cutoff (≈1 at Q ≈ 1 for a saw's harmonics). Bound: 1e-3.
        float[][] s = sweep(1500, 0.9, 0.3, 0.5);
        float[] perSample = referenceLowPass(s[0], s[1], 1500, 0.9, 1);
        double error = relativeRmsError(s[2], perSample);
        System.out.printf("SVF slow sweep vs per-sample coefficients: relative RMS error %.2e%n", error);
        assertTrue(error < 1e-3, "relative RMS error " + error);
    }

    @Test
    void badParametersAreInvalidArguments() {
        assertThrows(AtelierException.class, () -> new StateVariableFilter(SR, FilterMode.LOW_PASS, 24_000, 1));
        assertThrows(AtelierException.class, () -> new StateVariableFilter(SR, FilterMode.LOW_PASS, 1000, 0));
        assertThrows(AtelierException.class, () -> new StateVariableFilter(SR, FilterMode.LOW_PASS, 1000, Double.NaN));
    }
}
