package dev.atelier.audio.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

class AdsrTest {
    private static final int SR = 48_000;

    /** A square gate: high on [on, off), driven through a connected unit, so edges fall mid-block. */
    private static final class Gate extends UnitGenerator {
        final OutputPort output = addOutput("output");
        private final int on;
        private final int off;
        private int frame;

        Gate(int on, int off) {
            super(SR);
            this.on = on;
            this.off = off;
        }

        @Override
        protected void generate(int frames) {
            for (int i = 0; i < frames; i++, frame++) {
                output.values()[i] = frame >= on && frame < off ? 1 : 0;
            }
        }
    }

    @Test
    void segmentsFollowTheAnalyticShapeToTheSample() {
        // 10 ms attack = 480 samples, 20 ms decay = 960, sustain 0.6, 50 ms release = 2400.
        int a = 480;
        int d = 960;
        int r = 2400;
        double s = 0.6;
        int on = 1000; // deliberately not on a block boundary
        int off = 5037;
        Adsr env = new Adsr(SR, new Envelope(0.010, 0.020, s, 0.050));
        env.gate.connect(new Gate(on, off).output);
        float[] y = Render.run(env, env.output, 9000);

        for (int n = 0; n < y.length; n++) {
            double expected;
            if (n < on) {
                expected = 0;
            } else if (n < on + a) {
                expected = (n - on) / (double) a;
            } else if (n < on + a + d) {
                expected = 1 - (1 - s) * (n - on - a) / d;
            } else if (n < off) {
                expected = s;
            } else if (n < off + r) {
                expected = s * (1 - (n - off) / (double) r);
            } else {
                expected = 0;
            }
            assertEquals(expected, y[n], 1e-5, "sample " + n);
        }
        // Segment boundaries to the sample: first 1.0, first sustain, first 0 after release.
        assertEquals(on + a, firstIndex(y, 0, v -> v == 1.0f));
        assertEquals(on + a + d, firstIndex(y, on + a, v -> Math.abs(v - s) < 1e-6));
        assertEquals(off + r, firstIndex(y, off, v -> v == 0f));
        assertTrue(env.isIdle());
    }

    @Test
    void retriggerDuringReleaseStartsFromTheCurrentLevel() {
        Adsr env = new Adsr(SR, new Envelope(0.010, 0.0, 1.0, 0.100));
        env.gate.set(1);
        float[] first = Render.run(env, env.output, 1000); // reaches 1 at 480
        assertEquals(1.0f, first[999]);
        env.gate.set(0);
        float[] released = Render.run(env, env.output, 2400); // half of the 4800-sample release
        float level = released[2399];
        assertEquals(1 - 2399 / 4800.0, level, 1e-5);
        env.gate.set(1);
        float[] again = Render.run(env, env.output, 1000);
        // No jump: the new attack continues from the release level at the attack's slope.
        assertTrue(Math.abs(again[0] - level) <= 1.0 / 480 + 1e-6, "jump " + (again[0] - level));
        int toTop = Math.round((1 - level) * 480);
        assertEquals(toTop, firstIndex(again, 0, v -> v == 1.0f), 1);
        for (int i = 1; i < again.length; i++) {
            assertTrue(Math.abs(again[i] - again[i - 1]) <= 1.0 / 480 + 1e-6);
        }
    }

    @Test
    void zeroLengthSegmentsAndZeroSustain() {
        Adsr env = new Adsr(SR, new Envelope(0, 0.001, 0, 0));
        env.gate.set(1);
        float[] y = Render.run(env, env.output, 100);
        assertEquals(1.0f, y[0]);
        assertEquals(1 - 10 / 48.0, y[10], 1e-5);
        assertEquals(0f, y[48]);
        assertTrue(env.isIdle(), "a decay to zero sustain ends the envelope");
    }

    @Test
    void badTimesAreInvalidArguments() {
        for (double t : new double[] {-0.1, Double.NaN, 1e9}) {
            AtelierException e = assertThrows(AtelierException.class, () -> new Envelope(t, 0, 1, 0));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        }
        assertThrows(AtelierException.class, () -> new Envelope(0, 0, 1.5, 0));
    }

    private static int firstIndex(float[] y, int from, java.util.function.DoublePredicate p) {
        for (int i = from; i < y.length; i++) {
            if (p.test(y[i])) {
                return i;
            }
        }
        return -1;
    }
}
