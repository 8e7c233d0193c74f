package dev.atelier.audio.abc;

import dev.atelier.core.error.AtelierException;

/**
 * An exact non-negative rational, for ABC note lengths: bar lengths are compared exactly, so a
 * triplet of eighths is exactly a quarter. Numerator and denominator stay small in real tunes; a
 * value that would overflow is refused rather than wrapped.
 */
public record Fraction(long num, long den) implements Comparable<Fraction> {
    public static final Fraction ZERO = new Fraction(0, 1);
    public static final Fraction ONE = new Fraction(1, 1);
    private static final long LIMIT = 1L << 40;

    public Fraction {
        if (den <= 0 || num < 0) {
            throw AtelierException.invalidArgument("length", "a length must be a non-negative fraction, got "
                    + num + "/" + den);
        }
        long g = gcd(num, den);
        num /= g;
        den /= g;
        if (num > LIMIT || den > LIMIT) {
            throw AtelierException.invalidArgument("length", "note length out of range");
        }
    }

    public static Fraction of(long num, long den) {
        return new Fraction(num, den);
    }

    public Fraction plus(Fraction o) {
        return new Fraction(Math.addExact(Math.multiplyExact(num, o.den), Math.multiplyExact(o.num, den)),
                Math.multiplyExact(den, o.den));
    }

    public Fraction minus(Fraction o) {
        return new Fraction(Math.subtractExact(Math.multiplyExact(num, o.den), Math.multiplyExact(o.num, den)),
                Math.multiplyExact(den, o.den));
    }

    public Fraction times(Fraction o) {
        long g1 = gcd(num, o.den);
        long g2 = gcd(o.num, den);
        return new Fraction(Math.multiplyExact(num / g1, o.num / g2), Math.multiplyExact(den / g2, o.den / g1));
    }

    public Fraction times(long n, long d) {
        return times(new Fraction(n, d));
    }

    public double value() {
        return (double) num / den;
    }

    public boolean isZero() {
        return num == 0;
    }

    @Override
    public int compareTo(Fraction o) {
        return Long.compare(Math.multiplyExact(num, o.den), Math.multiplyExact(o.num, den));
    }

    @Override
    public String toString() {
        return den == 1 ? Long.toString(num) : num + "/" + den;
    }

    private static long gcd(long a, long b) {
        a = Math.abs(a);
        b = Math.abs(b);
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a == 0 ? 1 : a;
    }
}
