package dev.atelier.ganvae.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import dev.atelier.core.progress.ProgressListener;
import dev.atelier.ganvae.data.PixelData;
import dev.atelier.ganvae.model.SlotPenalties;
import dev.atelier.ganvae.model.Condition;
import dev.atelier.ganvae.model.DiscriminatorCondition;
import dev.atelier.ganvae.model.GanConfig;
import dev.atelier.ganvae.model.ImageSpec;
import dev.atelier.ganvae.model.VaeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Straight training and interrupted-then-resumed training end with bit-identical parameters. */
class ResumeTest {
    private static final ImageSpec SPEC = new ImageSpec(1, 16);

    static PixelData data() {
        int n = 40;
        byte[] pixels = new byte[n * SPEC.pixels()];
        new SplittableRandom(5).nextBytes(pixels);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 3);
        }
        return new PixelData(SPEC, pixels, labels, 3, 4, "random test digits");
    }

    static List<float[]> parameters(AbstractBlock block) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : block.getParameters().values()) {
            out.add(p.getArray().toFloatArray());
        }
        return out;
    }

    static void assertSame(List<float[]> a, List<float[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "parameter " + i);
        }
    }

    /** The projection discriminator (the class default), and the first digit GAN's concatenation + GAN-INT. */
    @ParameterizedTest
    @EnumSource(DiscriminatorCondition.class)
    void ganResumesExactly(DiscriminatorCondition how, @TempDir Path dir) {
        GanConfig config = GanConfig.builder().setImage(1, 16).optLatentDim(8).optGeneratorWidth(4)
                .optDiscriminatorWidth(4).optCondition(Condition.classes(3, 4)).optDiscriminatorCondition(how).build();
        ConditionInterpolation interpolation = how == DiscriminatorCondition.CONCAT ? ConditionInterpolation.ALWAYS
                : ConditionInterpolation.TEXT;
        TrainingOptions straight = TrainingOptions.gan(6, 8, 11, dir.resolve("straight")).withSampleEvery(3)
                .withCheckpointEvery(3).withInterpolation(interpolation);
        GanTrainer.Result a = new GanTrainer(config, data(), straight, ProgressListener.NONE).train();
        TrainingOptions first = TrainingOptions.gan(6, 8, 11, dir.resolve("resumed")).withSampleEvery(3)
                .withCheckpointEvery(3).withInterpolation(interpolation).withSteps(3);
        new GanTrainer(config, data(), first, ProgressListener.NONE).train().gan().close();
        assertTrue(Files.isRegularFile(dir.resolve("resumed/checkpoint/state.json")));
        GanTrainer.Result b = new GanTrainer(config, data(), first.withSteps(6), ProgressListener.NONE).train();
        try (var ga = a.gan(); var gb = b.gan()) {
            assertSame(parameters(ga.generator()), parameters(gb.generator()));
            assertSame(parameters(ga.discriminator()), parameters(gb.discriminator()));
            // and the training actually moved the weights
            try (var fresh = dev.atelier.ganvae.model.Gan.create(config, 11)) {
                assertFalse(java.util.Arrays.equals(parameters(fresh.generator()).get(0),
                        parameters(ga.generator()).get(0)));
            }
        }
        assertEquals(a.log().series().get("generator"), b.log().series().get("generator"));
        assertTrue(Files.isRegularFile(dir.resolve("straight/samples/step-0000003.png")));
        assertTrue(Files.isRegularFile(dir.resolve("straight/loss.png")));
    }

    @Test
    void vaeResumesExactly(@TempDir Path dir) {
        VaeConfig config = VaeConfig.builder().setImage(1, 16).optLatentDim(3).optWidth(4).optBeta(0.5)
                .optCondition(Condition.classes(3, 4)).build();
        assertVaeResumesExactly(config, SlotPenalties.NONE, 6, 4, dir);
    }

    @Test
    void aLayeredVaeWithSlotPenaltiesResumesExactly(@TempDir Path dir) {
        VaeConfig config = VaeConfig.builder().setImage(1, 16).optLatentDim(3).optWidth(4).optSlots(2)
                .optCondition(Condition.classes(3, 4)).build();
        assertVaeResumesExactly(config, new SlotPenalties(10, 1), 4, 2, dir);
    }

    /** {@code steps} straight against {@code stopAt} steps, then the rest after a resume: the same weights. */
    private static void assertVaeResumesExactly(VaeConfig config, SlotPenalties penalties, int steps, int stopAt, Path dir) {
        TrainingOptions straight = TrainingOptions.vae(steps, 8, 3, dir.resolve("straight")).withSampleEvery(steps)
                .withCheckpointEvery(2).withSlotPenalties(penalties);
        VaeTrainer.Result a = new VaeTrainer(config, data(), straight, ProgressListener.NONE).train();
        TrainingOptions first = TrainingOptions.vae(steps, 8, 3, dir.resolve("resumed")).withSampleEvery(steps)
                .withCheckpointEvery(2).withSlotPenalties(penalties).withSteps(stopAt);
        new VaeTrainer(config, data(), first, ProgressListener.NONE).train().vae().close();
        VaeTrainer.Result b = new VaeTrainer(config, data(), first.withSteps(steps), ProgressListener.NONE).train();
        try (var va = a.vae(); var vb = b.vae()) {
            assertSame(parameters(va.encoder()), parameters(vb.encoder()));
            assertSame(parameters(va.decoder()), parameters(vb.decoder()));
        }
    }

    @Test
    void slotPenaltiesWithoutSlotsAreRefused(@TempDir Path dir) {
        VaeConfig config = VaeConfig.builder().setImage(1, 16).optLatentDim(3).optWidth(4).build();
        TrainingOptions options = TrainingOptions.vae(2, 8, 3, dir).withSlotPenalties(new SlotPenalties(0, 1));
        org.junit.jupiter.api.Assertions.assertThrows(dev.atelier.core.error.AtelierException.class,
                () -> new VaeTrainer(config, data(), options, ProgressListener.NONE));
    }
}
