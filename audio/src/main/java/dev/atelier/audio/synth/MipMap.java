package dev.atelier.audio.synth;

import dev.atelier.core.error.AtelierException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntToDoubleFunction;

/**
 * A band-limited periodic waveform as a stack of single-cycle tables ("mip-maps"), each holding
 * the waveform's Fourier series cut after a number of harmonics: 1024, then about a quarter of an
 * octave fewer each level, down to 1. An oscillator at increment dt (cycles per sample) reads the
 * richest level whose top harmonic stays below Nyquist (harmonics ≤ 0.5/dt), so nothing can alias,
 * and at most a quarter octave of the top of the spectrum is given up. Tables are 4096 samples,
 * read with linear interpolation: its images lie about 120 dB under the harmonics at the
 * frequencies where aliasing is measured. Built once per shape and shared (immutable).
 */
public final class MipMap {
    public static final int SIZE = 4096;
    public static final int MAX_HARMONICS = 1024;
    private static final int MASK = SIZE - 1;
    private static final double[] SIN = new double[SIZE];
    private static final double[] COS = new double[SIZE];
    private static final Map<Object, MipMap> CACHE = new ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 64;

    static {
        for (int i = 0; i < SIZE; i++) {
            SIN[i] = Math.sin(2 * Math.PI * i / SIZE);
            COS[i] = Math.cos(2 * Math.PI * i / SIZE);
        }
    }

    private final int[] harmonics;  // per level, descending
    private final float[][] tables; // per level, SIZE + 1 samples (the first repeated at the end)

    private MipMap(int[] harmonics, float[][] tables) {
        this.harmonics = harmonics;
        this.tables = tables;
    }

    /** A rising sawtooth −1 → +1 (the reset at phase 0): −(2/π) Σ sin(2πkt)/k. */
    public static MipMap saw() {
        return CACHE.computeIfAbsent("saw", k -> build(MAX_HARMONICS, h -> -2 / (Math.PI * h), h -> 0));
    }

    /** A square, +1 for the first half cycle: (4/π) Σ_odd sin(2πkt)/k. */
    public static MipMap square() {
        return CACHE.computeIfAbsent("square", k -> build(MAX_HARMONICS, h -> h % 2 == 1 ? 4 / (Math.PI * h) : 0, h -> 0));
    }

    /** A triangle, −1 at phase 0 and +1 at ½: −(8/π²) Σ_odd cos(2πkt)/k². */
    public static MipMap triangle() {
        return CACHE.computeIfAbsent("triangle", k -> build(MAX_HARMONICS, h -> 0,
                h -> h % 2 == 1 ? -8 / (Math.PI * Math.PI * h * h) : 0));
    }

    /**
     * A waveform given by the amplitudes of its harmonics (sine phase), {@code amplitudes[0]} for the
     * fundamental; normalised so its peak is 1. Up to 256 harmonics.
     */
    public static MipMap ofHarmonics(List<Double> amplitudes) {
        if (amplitudes == null || amplitudes.isEmpty() || amplitudes.size() > 256) {
            throw AtelierException.invalidArgument("harmonics", "a wavetable needs 1 to 256 harmonic amplitudes");
        }
        double[] a = new double[amplitudes.size()];
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            Double v = amplitudes.get(i);
            if (v == null || !Double.isFinite(v) || Math.abs(v) > 100) {
                throw AtelierException.invalidArgument("harmonics", "harmonic amplitudes must be finite numbers in ±100");
            }
            a[i] = v;
            sum += Math.abs(v);
        }
        if (sum == 0) {
            throw AtelierException.invalidArgument("harmonics", "a wavetable needs at least one non-zero harmonic");
        }
        List<Double> key = List.copyOf(amplitudes);
        MipMap cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        MipMap m = build(a.length, h -> a[h - 1], h -> 0);
        // Normalise the full table's peak to 1 and use the same gain on every level.
        float peak = 0;
        for (float v : m.tables[0]) {
            peak = Math.max(peak, Math.abs(v));
        }
        for (float[] t : m.tables) {
            for (int i = 0; i < t.length; i++) {
                t[i] /= peak;
            }
        }
        if (CACHE.size() < CACHE_LIMIT) {
            CACHE.put(key, m);
        }
        return m;
    }

    private static MipMap build(int top, IntToDoubleFunction sinCoefficient, IntToDoubleFunction cosCoefficient) {
        List<Integer> levels = new ArrayList<>();
        for (int i = 0; ; i++) {
            int h = (int) Math.floor(MAX_HARMONICS * Math.pow(2, -i / 4.0));
            if (h < 1) {
                break;
            }
            h = Math.min(h, top);
            if (levels.isEmpty() || levels.get(levels.size() - 1) != h) {
                levels.add(h);
            }
        }
        int[] harmonics = levels.stream().mapToInt(Integer::intValue).toArray();
        float[][] tables = new float[harmonics.length][];
        double[] sum = new double[SIZE];
        // Add harmonics from the lowest up, saving a copy at each level's count.
        int level = harmonics.length - 1;
        for (int k = 1; k <= harmonics[0]; k++) {
            double s = sinCoefficient.applyAsDouble(k);
            double c = cosCoefficient.applyAsDouble(k);
            if (s != 0 || c != 0) {
                for (int n = 0; n < SIZE; n++) {
                    int idx = (int) (((long) k * n) & MASK);
                    sum[n] += s * SIN[idx] + c * COS[idx];
                }
            }
            while (level >= 0 && harmonics[level] == k) {
                float[] t = new float[SIZE + 1];
                for (int n = 0; n < SIZE; n++) {
                    t[n] = (float) sum[n];
                }
                t[SIZE] = t[0];
                tables[level--] = t;
            }
        }
        return new MipMap(harmonics, tables);
    }

    /** The richest level whose harmonics all stay below Nyquist at {@code maxIncrement} cycles per sample. */
    int level(double maxIncrement) {
        double allowed = maxIncrement <= 0 ? Double.MAX_VALUE : 0.5 / maxIncrement;
        for (int i = 0; i < harmonics.length; i++) {
            if (harmonics[i] < allowed) {
                return i;
            }
        }
        return harmonics.length - 1;
    }

    float[] table(int level) {
        return tables[level];
    }

    /** Harmonics kept at a level. */
    int harmonics(int level) {
        return harmonics[level];
    }

    /** Bits of a fixed-point phase below the table index. */
    static final int FRACTION_BITS = 32 - Integer.numberOfTrailingZeros(SIZE);
    private static final int FRACTION_MASK = (1 << FRACTION_BITS) - 1;
    private static final float FRACTION_SCALE = 1f / (1 << FRACTION_BITS);

    /** Linear interpolation at a fixed-point phase (a full cycle is 2^32, see {@link Oscillator#CYCLE}). */
    static float read(float[] table, int phase) {
        int i = phase >>> FRACTION_BITS;
        float frac = (phase & FRACTION_MASK) * FRACTION_SCALE;
        float a = table[i];
        return a + frac * (table[i + 1] - a);
    }

    /** Linear interpolation at {@code phase} in [0, 1). */
    static float read(float[] table, double phase) {
        double pos = phase * SIZE;
        int i = (int) pos;
        float frac = (float) (pos - i);
        float a = table[i];
        return a + frac * (table[i + 1] - a);
    }
}
