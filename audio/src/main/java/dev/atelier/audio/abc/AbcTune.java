package dev.atelier.audio.abc;

import java.util.List;

/**
 * One parsed tune: its reference number ({@code X:}), title, meter (null: free meter), key,
 * tempo, the body's elements in written order, the measured length of every complete bar next to
 * what its meter asks, and warnings about things parsed but not played (such as an unknown chord).
 */
public record AbcTune(int number, String title, Fraction meter, AbcKey key, AbcElement.Tempo tempo,
                      List<AbcElement> elements, List<BarLength> bars, List<String> warnings) {
    public AbcTune {
        elements = List.copyOf(elements);
        bars = List.copyOf(bars);
        warnings = List.copyOf(warnings);
    }

    /**
     * The written length of one bar and its meter's; {@code first}/{@code last} mark a tune's
     * opening (pick-up) and closing bars, and {@code beforeEnding}/{@code afterRepeat} the bars that
     * a repeat or an ending may legitimately split.
     */
    public record BarLength(Fraction length, Fraction meter, boolean first, boolean last, boolean split) {
        public boolean matches() {
            return meter == null || length.compareTo(meter) == 0;
        }

        /** Bars that must be complete: not the pick-up, the last one, nor one split by a repeat. */
        public boolean isInner() {
            return !first && !last && !split;
        }
    }

    /** Fraction of inner bars whose length equals the meter (1 when there are none). */
    public double innerBarMatchRate() {
        long inner = bars.stream().filter(BarLength::isInner).count();
        long ok = bars.stream().filter(b -> b.isInner() && b.matches()).count();
        return inner == 0 ? 1 : (double) ok / inner;
    }
}
