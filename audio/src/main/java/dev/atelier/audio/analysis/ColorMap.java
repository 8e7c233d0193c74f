package dev.atelier.audio.analysis;

/**
 * A perceptually ordered dark-to-bright map (black, indigo, magenta, orange, pale yellow) for
 * levels in 0..1: brightness rises steadily, so loud reads as bright even in greyscale.
 */
final class ColorMap {
    private static final int[][] ANCHORS = {
        {0, 0, 4}, {40, 11, 84}, {101, 21, 110}, {159, 42, 99},
        {212, 72, 66}, {245, 125, 21}, {250, 193, 39}, {252, 255, 164},
    };

    private ColorMap() {
    }

    static int rgb(double level) {
        double x = Math.max(0, Math.min(1, level)) * (ANCHORS.length - 1);
        int i = Math.min(ANCHORS.length - 2, (int) x);
        double t = x - i;
        int r = (int) Math.round(ANCHORS[i][0] + t * (ANCHORS[i + 1][0] - ANCHORS[i][0]));
        int g = (int) Math.round(ANCHORS[i][1] + t * (ANCHORS[i + 1][1] - ANCHORS[i][1]));
        int b = (int) Math.round(ANCHORS[i][2] + t * (ANCHORS[i + 1][2] - ANCHORS[i][2]));
        return (r << 16) | (g << 8) | b;
    }
}
