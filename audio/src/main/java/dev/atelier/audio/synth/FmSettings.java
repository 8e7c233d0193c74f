package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;
import dev.atelier.core.error.AtelierException;
import java.util.List;
import java.util.Objects;

/** An FM voice: its algorithm, one {@link FmOperator} per slot, and the top operator's self-feedback (0 to 1.5 rad). */
public record FmSettings(FmAlgorithm algorithm, List<FmOperator> operators, double feedback) {
    public FmSettings {
        Objects.requireNonNull(algorithm, "algorithm");
        if (operators == null || operators.size() != algorithm.operators() || operators.stream().anyMatch(java.util.Objects::isNull)) {
            throw AtelierException.invalidArgument("operators", "algorithm " + algorithm + " needs "
                    + algorithm.operators() + " operators");
        }
        operators = List.copyOf(operators);
        AudioLimits.checkRange(feedback, 0, 1.5, "fm_feedback");
    }

    /**
     * A struck bell: a 1 : 3 pair (partials at whole multiples, so the strike note is the pitch)
     * whose index falls faster than its tone, over a faint 2.76 partial, a bell's "hum" overtone,
     * that dies within a second.
     */
    public static FmSettings bell() {
        return new FmSettings(FmAlgorithm.TWO_PAIRS, List.of(
                new FmOperator(1, 0.75, new Envelope(0.002, 4, 0, 1.5)),
                new FmOperator(3, 2.5, new Envelope(0.002, 1.5, 0, 1)),
                new FmOperator(2.76, 0.1, new Envelope(0.002, 0.8, 0, 0.3)),
                new FmOperator(1, 0, Envelope.organ())), 0);
    }

    /** An electric piano: a 1 : 1 pair for the body and a 1 : 14 pair for the tine's clang. */
    public static FmSettings electricPiano() {
        return new FmSettings(FmAlgorithm.TWO_PAIRS, List.of(
                new FmOperator(1, 0.7, new Envelope(0.002, 2.5, 0.1, 0.3)),
                new FmOperator(1, 1.2, new Envelope(0.002, 1.2, 0.2, 0.3)),
                new FmOperator(1, 0.15, new Envelope(0.001, 0.3, 0, 0.1)),
                new FmOperator(14, 1.5, new Envelope(0.001, 0.15, 0, 0.1))), 0);
    }
}
