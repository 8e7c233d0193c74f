package dev.atelier.server.text;

import java.util.List;

/**
 * Finds stop strings in streamed text without ever releasing part of one: text that could still
 * turn into a stop string (a suffix equal to some stop string's prefix) is held back until the
 * next piece decides. Once a stop string appears, the text before it is released and the rest
 * dropped.
 */
public final class StopMatcher {
    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();
    private boolean matched;

    public StopMatcher(List<String> stops) {
        for (String s : stops) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("empty stop string");
            }
        }
        this.stops = List.copyOf(stops);
    }

    /** Adds a piece; returns the text that is now certain to be output (possibly empty). */
    public String push(String piece) {
        if (matched) {
            return "";
        }
        held.append(piece);
        if (stops.isEmpty()) {
            return drain(held.length());
        }
        int first = -1;
        for (String s : stops) {
            int at = held.indexOf(s);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        if (first >= 0) {
            matched = true;
            String out = held.substring(0, first);
            held.setLength(0);
            return out;
        }
        return drain(held.length() - longestPendingPrefix());
    }

    /** True once a stop string was seen: generation should end. */
    public boolean matched() {
        return matched;
    }

    /** The held-back text, at the end of generation (nothing if a stop string matched). */
    public String flush() {
        return drain(held.length());
    }

    private String drain(int n) {
        String out = held.substring(0, n);
        held.delete(0, n);
        return out;
    }

    /** Length of the longest suffix of the held text that begins some stop string. */
    private int longestPendingPrefix() {
        int best = 0;
        String text = held.toString();
        for (String s : stops) {
            for (int k = Math.min(s.length() - 1, held.length()); k > best; k--) {
                if (text.regionMatches(text.length() - k, s, 0, k)) {
                    best = k;
                    break;
                }
            }
        }
        return best;
    }
}
