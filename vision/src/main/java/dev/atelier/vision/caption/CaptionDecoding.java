package dev.atelier.vision.caption;

import dev.atelier.core.error.AtelierException;

/**
 * How the generative captioner turns its word probabilities into a caption.
 *
 * @param beam     beam width; 1 with no guidance and no grammar is greedy decoding
 * @param guidance weight of the image's CLIP similarity to the caption so far in an image-guided
 *                 beam search (MAGIC-style, see {@code Captioner}); 0 for none
 * @param grammar  whether every word must keep the caption a prefix of a sentence of the caption
 *                 grammar (grammar-constrained decoding), so that every caption parses
 */
public record CaptionDecoding(int beam, double guidance, boolean grammar) {
    public static final int MAX_BEAM = 16;
    /** Largest guidance accepted (the similarity is a cosine: 100 already overrides the decoder). */
    public static final double MAX_GUIDANCE = 100;

    public CaptionDecoding {
        if (beam < 1 || beam > MAX_BEAM) {
            throw AtelierException.invalidArgument("beam", "beam width must be in [1, " + MAX_BEAM + "], got " + beam);
        }
        if (!(guidance >= 0 && guidance <= MAX_GUIDANCE)) {
            throw AtelierException.invalidArgument("guidance", "guidance must be in [0, " + MAX_GUIDANCE + "], got " + guidance);
        }
    }

    /** Plain greedy (beam 1) or beam search by the decoder alone. */
    public static CaptionDecoding beam(int width) {
        return new CaptionDecoding(width, 0, false);
    }

    /** Whether this needs the guided search rather than plain greedy/beam decoding. */
    boolean guidedOrConstrained() {
        return guidance > 0 || grammar;
    }
}
