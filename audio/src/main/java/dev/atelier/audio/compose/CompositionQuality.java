package dev.atelier.audio.compose;

import dev.atelier.audio.abc.AbcParser;
import dev.atelier.audio.abc.AbcTune;
import dev.atelier.core.error.AtelierException;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures a composer on a fixed set of prompts: tune {@code i} (from 0) has style
 * {@code STYLES[i % 4]}, key {@code Style.KEYS[(i / 4) % 10]} and seed {@code 1000 + i}, at
 * temperature 0.8. Reports the fraction whose FIRST sample parses (no retries) and, pooled over
 * the tunes that parse, the fraction of inner bars whose length matches the meter, as
 * {@link AbcTune#innerBarMatchRate()} counts them (the Nottingham data itself scores 99.91%).
 */
public final class CompositionQuality {
    /** The styles the measurement cycles through (the four largest of the corpus). */
    public static final List<Style> STYLES = List.of(Style.JIG, Style.REEL, Style.HORNPIPE, Style.WALTZ);
    public static final float TEMPERATURE = 0.8f;

    /**
     * The figures: tunes sampled, parsed on the first sample, inner bars counted and matching;
     * all bars but each tune's first and last (so those that a repeat or ending splits too) counted
     * and matching; distinct tune bodies among all sampled; distinct pitches per parsed tune, summed.
     */
    public record Report(int tunes, int parsed, long innerBars, long innerBarsMatching, long middleBars,
                         long middleBarsMatching, int distinctBodies, long distinctPitches) {
        public double parseRate() {
            return (double) parsed / tunes;
        }

        public double barAccuracy() {
            return innerBars == 0 ? 0 : (double) innerBarsMatching / innerBars;
        }

        /** Like {@link #barAccuracy()} over all bars but the first and last of each tune. */
        public double middleBarAccuracy() {
            return middleBars == 0 ? 0 : (double) middleBarsMatching / middleBars;
        }

        public double meanDistinctPitches() {
            return parsed == 0 ? 0 : (double) distinctPitches / parsed;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d tunes: %d parse; %.2f%% of %d inner bars fit the meter"
                    + " (%.2f%% of %d bars but the first and last); %d distinct; %.1f distinct pitches a tune",
                    tunes, parsed, 100 * barAccuracy(), innerBars, 100 * middleBarAccuracy(), middleBars, distinctBodies,
                    meanDistinctPitches());
        }
    }

    private CompositionQuality() {
    }

    /** Samples {@code n} tunes with one attempt each and measures them. */
    public static Report measure(Composer composer, int n) {
        int parsed = 0;
        long inner = 0;
        long ok = 0;
        long middle = 0;
        long middleOk = 0;
        long pitches = 0;
        java.util.Set<String> bodies = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            Style style = STYLES.get(i % STYLES.size());
            String key = Style.KEYS.get((i / STYLES.size()) % Style.KEYS.size());
            String abc = composer.sample(style, key, 1000 + i, TEMPERATURE);
            bodies.add(abc.substring(abc.indexOf("\nK:") + 1).replaceFirst("^K:[^\n]*\n", ""));
            AbcTune tune;
            try {
                tune = AbcParser.parseTune(abc, null);
            } catch (AtelierException e) {
                continue;
            }
            parsed++;
            for (AbcTune.BarLength b : tune.bars()) {
                if (b.isInner()) {
                    inner++;
                    ok += b.matches() ? 1 : 0;
                }
                if (!b.first() && !b.last()) {
                    middle++;
                    middleOk += b.matches() ? 1 : 0;
                }
            }
            pitches += tune.elements().stream().filter(e -> e instanceof dev.atelier.audio.abc.AbcElement.Tone)
                    .flatMapToInt(e -> java.util.Arrays.stream(((dev.atelier.audio.abc.AbcElement.Tone) e).pitches()))
                    .distinct().count();
        }
        return new Report(n, parsed, inner, ok, middle, middleOk, bodies.size(), pitches);
    }

    /** Prints the figures of a model, raw and constrained: {@code CompositionQuality GGUF [N [raw|constrained|both]]}. */
    public static void main(String[] args) {
        java.nio.file.Path gguf = java.nio.file.Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        String which = args.length > 2 ? args[2] : "both";
        for (boolean constrained : new boolean[] {false, true}) {
            if (which.equals(constrained ? "raw" : "constrained")) {
                continue;
            }
            long t0 = System.nanoTime();
            Report r = measure(Composer.load(gguf, constrained), n);
            System.out.printf(java.util.Locale.ROOT, "%s: %s (%.0f s)%n", constrained ? "constrained" : "raw", r,
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Same as {@link #measure} with the prompts listed, for reports. */
    public static List<String> prompts(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(STYLES.get(i % STYLES.size()).tag() + "/" + Style.KEYS.get((i / STYLES.size()) % Style.KEYS.size()) + "/" + (1000 + i));
        }
        return out;
    }
}
