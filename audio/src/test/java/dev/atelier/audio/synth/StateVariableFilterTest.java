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

    @Test
    void badParametersAreInvalidArguments() {
        assertThrows(AtelierException.class, () -> new StateVariableFilter(SR, FilterMode.LOW_PASS, 24_000, 1));
        assertThrows(AtelierException.class, () -> new StateVariableFilter(SR, FilterMode.LOW_PASS, 1000, 0));
        assertThrows(AtelierException.class, () -> new StateVariableFilter(SR, FilterMode.LOW_PASS, 1000, Double.NaN));
    }
}
