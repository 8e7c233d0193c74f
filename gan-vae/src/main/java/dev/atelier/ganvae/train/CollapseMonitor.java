package dev.atelier.ganvae.train;

/**
 * Watches the diversity of a fixed-noise batch (mean pairwise distance of samples made with the
 * same condition) and flags mode collapse when it falls below {@code fraction} of its early value,
 * the first one measured at or after {@code warmupStep}: a collapsed generator maps all noise to
 * (nearly) one image.
 */
public final class CollapseMonitor {
    private final double fraction;
    private final long warmupStep;
    private double reference = Double.NaN;

    public CollapseMonitor(double fraction, long warmupStep) {
        this.fraction = fraction;
        this.warmupStep = warmupStep;
    }

    /** Records a measurement; true when it signals collapse. */
    public boolean observe(long step, double diversity) {
        if (Double.isNaN(reference)) {
            if (step >= warmupStep) {
                reference = diversity;
            }
            return false;
        }
        return fraction > 0 && diversity < fraction * reference;
    }

    public double reference() {
        return reference;
    }

    /** Restores the early value from a checkpoint. */
    public void restore(double earlyValue) {
        this.reference = earlyValue;
    }

    /** Mean Euclidean distance over all pairs of the {@code count} vectors of {@code dim} values in {@code data}. */
    public static double meanPairwiseDistance(float[] data, int offset, int count, int dim) {
        if (count < 2) {
            return 0;
        }
        double sum = 0;
        int pairs = 0;
        for (int a = 0; a < count; a++) {
            for (int b = a + 1; b < count; b++) {
                double d = 0;
                int pa = offset + a * dim;
                int pb = offset + b * dim;
                for (int i = 0; i < dim; i++) {
                    double diff = data[pa + i] - data[pb + i];
                    d += diff * diff;
                }
                sum += Math.sqrt(d);
                pairs++;
            }
        }
        return sum / pairs;
    }
}
