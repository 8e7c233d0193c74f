package dev.atelier.text.llm;

/**
 * Rotary position embedding: dimension pair i of a head turns by {@code position · θ^(−2i/d)},
 * with Llama 3's per-pair frequency divisors and linear position scaling when the model has them.
 */
final class Rope {

    private final float[] inverseFrequency;
    private final RopeStyle style;
    private final int dims;
    private final double positionScale;

    Rope(ModelConfig c, float[] frequencyFactors) {
        this.dims = c.ropeDimensions();
        this.style = c.ropeStyle();
        this.positionScale = 1.0 / c.ropePositionScale();
        this.inverseFrequency = new float[dims / 2];
        for (int i = 0; i < dims / 2; i++) {
            double f = Math.pow(c.ropeTheta(), -2.0 * i / dims);
            if (frequencyFactors != null) {
                f /= frequencyFactors[i];
            }
            inverseFrequency[i] = (float) f;
        }
    }

    /** The cos and sin of every pair's angle at {@code position}: {@code [cos0, sin0, cos1, sin1, …]}. */
    float[] angles(int position) {
        float[] cs = new float[dims];
        double p = position * positionScale;
        for (int i = 0; i < dims / 2; i++) {
            double a = p * inverseFrequency[i];
            cs[2 * i] = (float) Math.cos(a);
            cs[2 * i + 1] = (float) Math.sin(a);
        }
        return cs;
    }

    /** Rotates {@code heads} heads of {@code headDim} stored at {@code x[offset..]} by the angles {@code cs}. */
    void rotate(float[] x, int offset, int heads, int headDim, float[] cs) {
        int half = dims / 2;
        for (int h = 0; h < heads; h++) {
            int base = offset + h * headDim;
            for (int i = 0; i < half; i++) {
                int a = style == RopeStyle.ADJACENT_PAIRS ? base + 2 * i : base + i;
                int b = style == RopeStyle.ADJACENT_PAIRS ? a + 1 : base + i + half;
                float cos = cs[2 * i];
                float sin = cs[2 * i + 1];
                float x0 = x[a];
                float x1 = x[b];
                x[a] = x0 * cos - x1 * sin;
                x[b] = x0 * sin + x1 * cos;
            }
        }
    }
}
