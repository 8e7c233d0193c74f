package dev.atelier.ganvae.train;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.model.SlotPenalties;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How long and how to train, and where the run's files go: {@code out}/checkpoint (resumable
 * state), {@code out}/samples/step-N.png (the fixed-noise grid every {@code sampleEvery} steps),
 * {@code out}/loss.png and loss.csv. {@code learningRate} and {@code beta1} default to DCGAN's
 * 2e-4 and 0.5 for GANs; VAEs use 1e-3 and 0.9. With {@code cosineDecay} the step size follows
 * {@link #learningRateAt}: half a cosine from {@code learningRate} down to 0 at the last step
 * (Loshchilov and Hutter 2017, without restarts), so long runs end with small, stable steps.
 * {@code interpolation} says which GAN conditions also train on GAN-INT interpolations;
 * {@code wrongConditionTerm} (default on) adds GAN-INT-CLS's matching-aware "real image, wrong
 * condition" term to a projection discriminator's loss (the concatenating one always has it): on
 * MNIST it took the judge's figure at 2,000 steps from 55% to 91%. VAEs ignore both.
 * {@code klWarmupSteps} and {@code slotPenalties} are for VAEs only (GANs ignore them).
 */
public record TrainingOptions(int steps, int batchSize, long seed, int sampleEvery, int checkpointEvery,
        double learningRate, double beta1, Path out, double collapseFraction, boolean cosineDecay,
        ConditionInterpolation interpolation, boolean wrongConditionTerm, int klWarmupSteps,
        SlotPenalties slotPenalties) {

    public static final int MAX_BATCH = 4096;

    public TrainingOptions {
        Objects.requireNonNull(out, "out");
        if (steps < 1 || steps > 100_000_000) {
            throw AtelierException.invalidArgument("steps", "steps must be in [1, 100000000], got " + steps);
        }
        if (batchSize < 2 || batchSize > MAX_BATCH) {
            throw AtelierException.invalidArgument("batchSize", "the batch size must be in [2, " + MAX_BATCH
                    + "], got " + batchSize);
        }
        if (sampleEvery < 1 || checkpointEvery < 1) {
            throw AtelierException.invalidArgument("sampleEvery", "sample and checkpoint intervals must be positive");
        }
        if (!(learningRate > 0 && learningRate < 1) || !(beta1 >= 0 && beta1 < 1)) {
            throw AtelierException.invalidArgument("learningRate", "learning rate in (0, 1) and beta1 in [0, 1)");
        }
        Objects.requireNonNull(interpolation, "interpolation");
        if (!(collapseFraction >= 0 && collapseFraction < 1)) {
            throw AtelierException.invalidArgument("collapseFraction", "the collapse fraction must be in [0, 1)");
        }
        if (klWarmupSteps < 0) {
            throw AtelierException.invalidArgument("klWarmupSteps", "the KL warm-up must not be negative, got " + klWarmupSteps);
        }
        Objects.requireNonNull(slotPenalties, "slotPenalties");
    }

    /**
     * A VAE whose KL weight grows linearly from 0 to β over the first {@code steps} steps (KL annealing,
     * Bowman et al. 2016): the decoder learns to use z before the KL term can push q(z | x) onto the prior.
     */
    public TrainingOptions withKlWarmup(int steps) {
        return new TrainingOptions(this.steps, batchSize, seed, sampleEvery, checkpointEvery, learningRate, beta1, out,
                collapseFraction, cosineDecay, interpolation, wrongConditionTerm, steps, slotPenalties);
    }

    /** A VAE with a layered decoder whose loss also charges {@code penalties} (see {@link SlotPenalties}). */
    public TrainingOptions withSlotPenalties(SlotPenalties penalties) {
        return new TrainingOptions(steps, batchSize, seed, sampleEvery, checkpointEvery, learningRate, beta1, out,
                collapseFraction, cosineDecay, interpolation, wrongConditionTerm, klWarmupSteps, penalties);
    }

    /** The KL weight at {@code step} (0-based) for a VAE of {@code beta}: β, or its warm-up ramp. */
    public double klWeightAt(long step, double beta) {
        return klWarmupSteps == 0 ? beta : beta * Math.min(1.0, (step + 1.0) / klWarmupSteps);
    }

    public static TrainingOptions gan(int steps, int batchSize, long seed, Path out) {
        return new TrainingOptions(steps, batchSize, seed, Math.max(1, steps / 20), Math.max(1, steps / 10), 2e-4,
                0.5, out, 0.3, false,
                ConditionInterpolation.TEXT, true, 0, SlotPenalties.NONE);
    }

    public static TrainingOptions vae(int steps, int batchSize, long seed, Path out) {
        return new TrainingOptions(steps, batchSize, seed, Math.max(1, steps / 20), Math.max(1, steps / 10), 1e-3,
                0.9, out, 0.3, false,
                ConditionInterpolation.TEXT, true, 0, SlotPenalties.NONE);
    }

    public TrainingOptions withSampleEvery(int every) {
        return new TrainingOptions(steps, batchSize, seed, every, checkpointEvery, learningRate, beta1, out,
                collapseFraction, cosineDecay, interpolation, wrongConditionTerm, klWarmupSteps, slotPenalties);
    }

    public TrainingOptions withCheckpointEvery(int every) {
        return new TrainingOptions(steps, batchSize, seed, sampleEvery, every, learningRate, beta1, out,
                collapseFraction, cosineDecay, interpolation, wrongConditionTerm, klWarmupSteps, slotPenalties);
    }

    public TrainingOptions withLearningRate(double lr) {
        return new TrainingOptions(steps, batchSize, seed, sampleEvery, checkpointEvery, lr, beta1, out,
                collapseFraction, cosineDecay, interpolation, wrongConditionTerm, klWarmupSteps, slotPenalties);
    }

    public TrainingOptions withSteps(int newSteps) {
        return new TrainingOptions(newSteps, batchSize, seed, sampleEvery, checkpointEvery, learningRate, beta1, out,
                collapseFraction, cosineDecay, interpolation, wrongConditionTerm, klWarmupSteps, slotPenalties);
    }

    public TrainingOptions withCosineDecay(boolean decay) {
        return new TrainingOptions(steps, batchSize, seed, sampleEvery, checkpointEvery, learningRate, beta1, out,
                collapseFraction, decay, interpolation, wrongConditionTerm, klWarmupSteps, slotPenalties);
    }

    public TrainingOptions withInterpolation(ConditionInterpolation which) {
        return new TrainingOptions(steps, batchSize, seed, sampleEvery, checkpointEvery, learningRate, beta1, out,
                collapseFraction, cosineDecay, which, wrongConditionTerm, klWarmupSteps, slotPenalties);
    }

    public TrainingOptions withWrongConditionTerm(boolean on) {
        return new TrainingOptions(steps, batchSize, seed, sampleEvery, checkpointEvery, learningRate, beta1, out,
                collapseFraction, cosineDecay, interpolation, on, klWarmupSteps, slotPenalties);
    }

    /** The step size for update {@code step} (0-based): constant, or the cosine schedule. */
    public double learningRateAt(long step) {
        if (!cosineDecay) {
            return learningRate;
        }
        return learningRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(step, steps) / steps));
    }

    public Path checkpointDir() {
        return out.resolve("checkpoint");
    }
}
