package dev.atelier.text.llm;

/** The element-wise parts of a transformer block, applied to each of {@code tokens} rows of width {@code n}. */
final class Ops {

    private Ops() {
    }

    /** {@code out = x / sqrt(mean(x²) + eps) · w}, per row. */
    static void rmsNorm(float[] x, float[] w, float eps, float[] out, int tokens, int n) {
        for (int t = 0; t < tokens; t++) {
            int o = t * n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                ss += x[o + i] * x[o + i];
            }
            float inv = (float) (1.0 / Math.sqrt(ss / n + eps));
            for (int i = 0; i < n; i++) {
                out[o + i] = x[o + i] * inv * w[i];
            }
        }
    }

    /** {@code out = (x − mean) / sqrt(var + eps) · w + b}, per row. */
    static void layerNorm(float[] x, float[] w, float[] b, float eps, float[] out, int tokens, int n) {
        for (int t = 0; t < tokens; t++) {
            int o = t * n;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += x[o + i];
            }
            double mean = sum / n;
            double var = 0;
            for (int i = 0; i < n; i++) {
                double d = x[o + i] - mean;
                var += d * d;
            }
            float inv = (float) (1.0 / Math.sqrt(var / n + eps));
            float m = (float) mean;
            for (int i = 0; i < n; i++) {
                out[o + i] = (x[o + i] - m) * inv * w[i] + b[i];
            }
        }
    }

    /** Adds the bias vector {@code b} to every row. */
    static void addBias(float[] x, float[] b, int tokens, int n) {
        if (b == null) {
            return;
        }
        for (int t = 0; t < tokens; t++) {
            for (int i = 0; i < n; i++) {
                x[t * n + i] += b[i];
            }
        }
    }

    /** {@code x += y} over the first {@code count} values. */
    static void addInPlace(float[] x, float[] y, int count) {
        for (int i = 0; i < count; i++) {
            x[i] += y[i];
        }
    }

    /** SwiGLU: {@code gate = silu(gate) · up} over the first {@code count} values. */
    static void swiglu(float[] gate, float[] up, int count) {
        for (int i = 0; i < count; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
        }
    }

    /** GELU, the tanh approximation GPT-2 was trained with, in place over the first {@code count} values. */
    static void gelu(float[] x, int count) {
        final float c = (float) Math.sqrt(2.0 / Math.PI);
        for (int i = 0; i < count; i++) {
            float v = x[i];
            x[i] = 0.5f * v * (1f + (float) Math.tanh(c * (v + 0.044715f * v * v * v)));
        }
    }
}
