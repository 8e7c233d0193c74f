package dev.atelier.audio.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FastMathTest {
    @Test
    void exp2MatchesPowToAHundredMillionth() {
        for (double x = -40; x <= 40; x += 0.01237) {
            double exact = Math.pow(2, x);
            assertEquals(exact, FastMath.exp2(x), exact * 1e-8, "x=" + x);
        }
    }

    @Test
    void tanIsExactWhereFlatAndKeepsTheCutoffWhereSteep() {
        for (double theta = 1e-4; theta <= 0.49 * Math.PI; theta += 1e-3) {
            double exact = Math.tan(theta);
            double approx = FastMath.tan(theta);
            if (theta <= Math.PI / 4) {
                assertEquals(exact, approx, exact * 1e-7, "theta=" + theta);
            }
            // The cutoff a filter gets from this tan: atan(approx) against theta.
            assertEquals(theta, Math.atan(approx), theta * 1e-4, "theta=" + theta);
        }
    }

    @Test
    void lfoSineMatchesMathSin() {
        for (double t = 0; t < 1; t += 0.000731) {
            assertEquals(Math.sin(2 * Math.PI * t), Lfo.sine(t), 4e-6, "t=" + t);
        }
    }
}
