package dev.atelier.ganvae.model;

import dev.atelier.core.error.AtelierException;

/**
 * Priors on how a {@link LayeredDecoder} uses its slots, charged in the VAE loss in nats per image:
 * {@code presence} per slot drawn (λ Σ_k present_k, a prior on the object count as AIR's geometric
 * prior on the number of steps, Eslami et al. 2016) and {@code overlap} per pixel two slots both cover
 * (λ Σ_pixels Σ_{j<k} α_j α_k: objects do not overlap, as in Shapes, where they are at least 4 pixels
 * apart). Without them two slots can draw one object on top of each other at no cost, and then,
 * with z from the prior, draw two objects for a one-object prompt.
 */
public record SlotPenalties(double presence, double overlap) {
    public static final SlotPenalties NONE = new SlotPenalties(0, 0);

    public SlotPenalties {
        if (!(presence >= 0 && presence <= 1e6) || !(overlap >= 0 && overlap <= 1e6)) {
            throw AtelierException.invalidArgument("penalties",
                    "slot penalties must be in [0, 1e6], got presence " + presence + ", overlap " + overlap);
        }
    }
}
