package dev.atelier.text.kernel;

/**
 * Activations quantized the way llama.cpp quantizes them before its Q4_0 and Q8_0 dot products:
 * each block of 32 values becomes 32 integers in [-127, 127] and one scale, {@code d = max|x| / 127},
 * {@code q = round(x / d)} (rounding half to even; {@code d = 0} gives zeros). The weight kernels
 * then multiply integers and apply both scales once per block. The error this adds is what 8-bit
 * activations cost (about 0.4% of a block's largest value per element); a non-finite block gets
 * a non-finite scale, so NaN still reaches the logits.
 *
 * @param q the quantized values, {@code tokens × cols}, natural order
 * @param scale one per block of 32, {@code tokens × cols / 32}
 */
record Q8Activations(int tokens, int cols, short[] q, float[] scale) {

    static final int BLOCK = 32;

    static Q8Activations quantize(float[] x, int tokens, int cols) {
        int blocks = tokens * cols / BLOCK;
        short[] q = new short[tokens * cols];
        float[] scale = new float[blocks];
        for (int b = 0; b < blocks; b++) {
            int o = b * BLOCK;
            float max = 0;
            for (int j = 0; j < BLOCK; j++) {
                max = Math.max(max, Math.abs(x[o + j]));
            }
            float d = max / 127;
            float inverse = d != 0 ? 1 / d : 0;
            for (int j = 0; j < BLOCK; j++) {
                int v = (int) Math.rint(x[o + j] * inverse);
                q[o + j] = (short) Math.max(-127, Math.min(127, v));
            }
            scale[b] = d;
        }
        return new Q8Activations(tokens, cols, q, scale);
    }

    /** The values the integers stand for, {@code q · d}: what the float kernels multiply instead of x. */
    float[] dequantized() {
        float[] x = new float[q.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = q[i] * scale[i / BLOCK];
        }
        return x;
    }
}
