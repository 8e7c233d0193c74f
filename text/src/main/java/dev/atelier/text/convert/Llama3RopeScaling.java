package dev.atelier.text.convert;

import dev.atelier.core.error.AtelierException;

/**
 * Llama 3.1+'s RoPE frequency scaling ({@code rope_scaling.rope_type = "llama3"} in config.json).
 * llama.cpp's converter stores it as the tensor {@code rope_freqs.weight}: one divisor per
 * rotated pair, by which the engine divides that pair's frequency. Wavelengths longer than
 * {@code originalContext / lowFreqFactor} tokens are slowed by {@code factor}, those shorter than
 * {@code originalContext / highFreqFactor} kept, and the band between interpolated smoothly.
 *
 * @param factor how much longer the extended context is
 * @param lowFreqFactor wavelengths longer than {@code originalContext / lowFreqFactor} are scaled fully
 * @param highFreqFactor wavelengths shorter than {@code originalContext / highFreqFactor} are kept
 * @param originalContext the context length the model was first trained with
 */
public record Llama3RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalContext) {

    /** Llama 3.2 1B/3B's values. */
    public static final Llama3RopeScaling LLAMA_3_2 = new Llama3RopeScaling(32, 1, 4, 8192);

    public Llama3RopeScaling {
        if (!(factor >= 1) || !(lowFreqFactor > 0) || !(highFreqFactor > lowFreqFactor) || originalContext <= 0) {
            throw AtelierException.invalidArgument("rope_scaling", "llama3 rope scaling needs factor >= 1, "
                    + "0 < low_freq_factor < high_freq_factor and original_max_position_embeddings > 0");
        }
    }

    /** The {@code rope_freqs} divisors for heads of {@code headDim} with base frequency {@code theta}. */
    public float[] ropeFreqs(int headDim, double theta) {
        float[] out = new float[headDim / 2];
        double lowFreqWavelen = originalContext / lowFreqFactor;
        double highFreqWavelen = originalContext / highFreqFactor;
        for (int i = 0; i < out.length; i++) {
            // As llama.cpp's converter computes it (up to float rounding: it works in float32 throughout).
            float freq = (float) (1.0 / Math.pow(theta, (float) (2 * i) / headDim));
            double wavelen = 2 * Math.PI / freq;
            if (wavelen < highFreqWavelen) {
                out[i] = 1;
            } else if (wavelen > lowFreqWavelen) {
                out[i] = (float) factor;
            } else {
                double smooth = (originalContext / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                out[i] = (float) (1 / ((1 - smooth) / factor + smooth));
            }
        }
        return out;
    }
}
