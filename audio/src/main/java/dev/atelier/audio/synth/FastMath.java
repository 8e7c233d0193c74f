package dev.atelier.audio.synth;

/**
 * Cheap approximations for the control math of the filters, which runs every few samples per
 * voice: the JDK's exact functions would cost more than the filtering itself.
 */
final class FastMath {
    private FastMath() {
    }

    /**
     * 2^x for |x| ≤ 60, to 1e-8 relative: 2^round(x) from the exponent bits, 2^fraction from a
     * degree-7 Taylor polynomial of e^(f·ln 2), with the fraction f kept within ±½.
     */
    static double exp2(double x) {
        double fl = Math.rint(x);
        double y = (x - fl) * 0.6931471805599453; // f·ln 2, within ±0.347
        double p = 1 + y * (1 + y / 2 * (1 + y / 3 * (1 + y / 4 * (1 + y / 5 * (1 + y / 6 * (1 + y / 7))))));
        return p * Double.longBitsToDouble(((long) fl + 1023) << 52);
    }

    /**
     * tan(θ) for θ in [0, 0.49π] by its [5/4] Padé approximant, θ(945 − 105θ² + θ⁴) / (945 − 420θ² + 15θ⁴).
     * Its relative error grows to 0.7 % at 0.49π, but there tan is so steep that the angle (the
     * filter cutoff) it stands for is still right to 0.01 %; below π/4 it is exact to 1e-7.
     */
    static double tan(double theta) {
        double t2 = theta * theta;
        return theta * (945 - t2 * (105 - t2)) / (945 - t2 * (420 - 15 * t2));
    }
}
