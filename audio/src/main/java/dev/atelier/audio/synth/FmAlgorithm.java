package dev.atelier.audio.synth;

/**
 * How 2 to 4 FM operators are wired, as a routing table: for each operator (0-based), the
 * operators that modulate it, and whether it is heard (a carrier). Modulators always have higher
 * numbers than what they feed, so one pass from the top computes a sample. The top operator may
 * feed back into itself ({@link FmSettings#feedback()}).
 */
public enum FmAlgorithm {
    /** 2 → 1: the classic two-operator FM. */
    STACK_2(new int[][] {{1}, {}}, true, false),
    /** 3 → 2 → 1. */
    STACK_3(new int[][] {{1}, {2}, {}}, true, false, false),
    /** 4 → 3 → 2 → 1: the brightest. */
    STACK_4(new int[][] {{1}, {2}, {3}, {}}, true, false, false, false),
    /** (2 + 3) → 1: two modulators on one carrier. */
    Y_3(new int[][] {{1, 2}, {}, {}}, true, false, false),
    /** 2 → 1 and 4 → 3: two two-operator voices together (electric pianos, bells). */
    TWO_PAIRS(new int[][] {{1}, {}, {3}, {}}, true, false, true, false),
    /** 1, 2, 3, 4 all heard: additive, organ-like. */
    ADDITIVE_4(new int[][] {{}, {}, {}, {}}, true, true, true, true);

    private final int[][] modulators;
    private final boolean[] carriers;

    FmAlgorithm(int[][] modulators, boolean... carriers) {
        this.modulators = modulators;
        this.carriers = carriers;
    }

    public int operators() {
        return carriers.length;
    }

    int[] modulatorsOf(int operator) {
        return modulators[operator];
    }

    boolean isCarrier(int operator) {
        return carriers[operator];
    }
}
