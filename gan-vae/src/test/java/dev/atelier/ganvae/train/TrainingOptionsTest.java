package dev.atelier.ganvae.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atelier.ganvae.model.SlotPenalties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainingOptionsTest {

    @Test
    void theCosineScheduleFallsFromTheRateToZeroAndConstantStaysPut() {
        TrainingOptions constant = TrainingOptions.vae(1000, 64, 1, Path.of("unused"));
        TrainingOptions cosine = constant.withCosineDecay(true);
        assertEquals(1e-3, constant.learningRateAt(999), 0);
        assertEquals(1e-3, cosine.learningRateAt(0), 1e-15);
        assertEquals(0.5e-3, cosine.learningRateAt(500), 1e-15);
        assertEquals(1e-3 * (1 + Math.cos(Math.PI / 4)) / 2, cosine.learningRateAt(250), 1e-15);
        assertEquals(0, cosine.learningRateAt(1000), 1e-15);
    }

    @Test
    void ganIntInterpolatesTextConditionsByDefaultAndClassesOnlyWhenAsked() {
        var text = dev.atelier.ganvae.model.Condition.text(384, 8);
        var classes = dev.atelier.ganvae.model.Condition.classes(10, 16);
        TrainingOptions options = TrainingOptions.gan(10, 8, 1, Path.of("unused"));
        assertEquals(ConditionInterpolation.TEXT, options.interpolation());
        assertEquals(true, options.interpolation().appliesTo(text));
        assertEquals(false, options.interpolation().appliesTo(classes));
        assertEquals(true, ConditionInterpolation.ALWAYS.appliesTo(classes));
        assertEquals(false, ConditionInterpolation.ALWAYS.appliesTo(dev.atelier.ganvae.model.Condition.NONE));
        assertEquals(false, ConditionInterpolation.NEVER.appliesTo(text));
        assertEquals(ConditionInterpolation.NEVER, ConditionInterpolation.parse(" Never"));
    }

    @Test
    void theKlWeightRampsLinearlyToBetaOverTheWarmUp() {
        TrainingOptions plain = TrainingOptions.vae(100, 8, 1, Path.of("out"));
        assertEquals(4.0, plain.klWeightAt(0, 4.0));
        TrainingOptions warm = plain.withKlWarmup(10);
        assertEquals(0.4, warm.klWeightAt(0, 4.0), 1e-12); // step 0 trains with 1/10 of β
        assertEquals(2.0, warm.klWeightAt(4, 4.0), 1e-12);
        assertEquals(4.0, warm.klWeightAt(9, 4.0), 1e-12);
        assertEquals(4.0, warm.klWeightAt(50, 4.0), 1e-12);
        org.junit.jupiter.api.Assertions.assertThrows(dev.atelier.core.error.AtelierException.class, () -> plain.withKlWarmup(-1));
    }

    @Test
    void slotPenaltiesAreOffByDefaultAndNeverNegativeOrNaN() {
        TrainingOptions plain = TrainingOptions.vae(100, 8, 1, Path.of("out"));
        assertEquals(SlotPenalties.NONE, plain.slotPenalties());
        SlotPenalties some = new SlotPenalties(10, 1);
        assertEquals(some, plain.withSlotPenalties(some).withSteps(5).slotPenalties()); // kept by the other withers
        org.junit.jupiter.api.Assertions.assertThrows(dev.atelier.core.error.AtelierException.class, () -> new SlotPenalties(-1, 0));
        org.junit.jupiter.api.Assertions.assertThrows(dev.atelier.core.error.AtelierException.class, () -> new SlotPenalties(0, Double.NaN));
    }
}
