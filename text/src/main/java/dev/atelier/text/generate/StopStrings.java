package dev.atelier.text.generate;

import java.util.List;

/**
 * Finds stop strings in text as it grows, and tells how much of it is safe to show: everything
 * except a tail that could still turn into a stop string.
 */
final class StopStrings {

    private final List<String> stops;

    StopStrings(List<String> stops) {
        this.stops = stops;
    }

    /** Index of the earliest stop string that ends at or after {@code from}, or -1. */
    int find(CharSequence text, int from) {
        int best = -1;
        String s = text.toString();
        for (String stop : stops) {
            int at = s.indexOf(stop, Math.max(0, from - stop.length() + 1));
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    /** Length of the prefix of {@code text} that no continuation can turn into a stop string. */
    int safeLength(CharSequence text) {
        int n = text.length();
        int hold = 0;
        for (String stop : stops) {
            for (int k = Math.min(stop.length() - 1, n); k > hold; k--) {
                if (stop.regionMatches(0, text.toString(), n - k, k)) {
                    hold = k;
                    break;
                }
            }
        }
        return n - hold;
    }
}
