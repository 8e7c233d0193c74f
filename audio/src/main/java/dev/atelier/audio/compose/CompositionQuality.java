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

    /** The figures: tunes sampled, parsed on the first sample, inner bars counted and matching. */
    public record Report(int tunes, int parsed, long innerBars, long innerBarsMatching) {
        public double parseRate() {
            return (double) parsed / tunes;
        }

        public double barAccuracy() {
            return innerBars == 0 ? 0 : (double) innerBarsMatching / innerBars;
        }
    }

    private CompositionQuality() {
    }

    /** Samples {@code n} tunes with one attempt each and measures them. */
    public static Report measure(Composer composer, int n) {
        int parsed = 0;
        long inner = 0;
        long ok = 0;
        for (int i = 0; i < n; i++) {
            Style style = STYLES.get(i % STYLES.size());
            String key = Style.KEYS.get((i / STYLES.size()) % Style.KEYS.size());
            String abc = composer.sample(style, key, 1000 + i, TEMPERATURE);
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
            }
        }
        return new Report(n, parsed, inner, ok);
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
