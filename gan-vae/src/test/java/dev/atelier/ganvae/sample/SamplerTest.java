package dev.atelier.ganvae.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.ganvae.model.Condition;
import dev.atelier.ganvae.model.Gan;
import dev.atelier.ganvae.model.GanConfig;
import dev.atelier.ganvae.model.Noise;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static Gan gan;
    private static Sampler sampler;
    private static final float[] CLASS_2 = {0, 0, 1};

    @BeforeAll
    static void model() {
        gan = Gan.create(GanConfig.builder().setImage(1, 28).optLatentDim(8).optGeneratorWidth(4)
                .optDiscriminatorWidth(4).optCondition(Condition.classes(3, 4)).build(), 5);
        sampler = new Sampler(gan);
    }

    @AfterAll
    static void close() {
        gan.close();
    }

    @Test
    void sameSeedSameImagesAndImageIDoesNotDependOnCount() {
        float[] four = sampler.sample(CLASS_2, 4, 77, 0);
        assertArrayEquals(four, sampler.sample(CLASS_2, 4, 77, 0));
        float[] two = sampler.sample(CLASS_2, 2, 77, 0);
        assertArrayEquals(two, Arrays.copyOf(four, two.length));
        assertFalse(Arrays.equals(four, sampler.sample(CLASS_2, 4, 78, 0)));
    }

    @Test
    void batchesAboveTheChunkSizeEqualSmallBatches() {
        float[] many = sampler.sample(CLASS_2, 70, 3, 0);
        float[] few = sampler.sample(CLASS_2, 5, 3, 0);
        assertArrayEquals(few, Arrays.copyOf(many, few.length), 1e-6f);
    }

    @Test
    void truncationRedrawsLargeComponents() {
        float[] z = Noise.batch(1, 0, 200, 8, 0.5);
        for (float v : z) {
            assertTrue(Math.abs(v) <= 0.5f);
        }
        float[] free = Noise.batch(1, 0, 200, 8, 0);
        assertTrue(Arrays.stream(box(free)).anyMatch(v -> Math.abs(v) > 1.5));
    }

    @Test
    void interpolationStripStartsAndEndsAtTheSeedsImages() {
        List<BufferedImage> strip = sampler.interpolate(CLASS_2, 10, 20, 5);
        assertEquals(5, strip.size());
        assertPixelsEqual(sampler.images(CLASS_2, 1, 10, 0).get(0), strip.get(0));
        assertPixelsEqual(sampler.images(CLASS_2, 1, 20, 0).get(0), strip.get(4));
    }

    @Test
    void badRequestsAreTypedErrors() {
        for (int count : new int[] {0, -1, Sampler.MAX_COUNT + 1, Integer.MAX_VALUE}) {
            AtelierException e = assertThrows(AtelierException.class, () -> sampler.sample(CLASS_2, count, 1, 0));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        }
        for (double t : new double[] {Double.NaN, -1, 0.01, 1e9, Double.POSITIVE_INFINITY}) {
            assertThrows(AtelierException.class, () -> sampler.sample(CLASS_2, 1, 1, t));
        }
        assertThrows(AtelierException.class, () -> sampler.sample(null, 1, 1, 0));
        assertThrows(AtelierException.class, () -> sampler.interpolate(CLASS_2, 1, 2, 1));
        assertThrows(AtelierException.class, () -> Prompts.classRow(gan.condition(), 3));
    }

    @Test
    void promptsAreChecked() {
        List<String> vocabulary = List.of("a", "circle", "red", "small");
        assertThrows(AtelierException.class, () -> Prompts.check("", vocabulary));
        assertThrows(AtelierException.class, () -> Prompts.check("   ", vocabulary));
        assertThrows(AtelierException.class, () -> Prompts.check(null, vocabulary));
        assertThrows(AtelierException.class, () -> Prompts.check("x".repeat(Prompts.MAX_PROMPT_CHARS + 1), vocabulary));
        assertThrows(AtelierException.class, () -> Prompts.check("quantum chromodynamics", vocabulary));
        assertEquals("a tiny red circle", Prompts.check(" a tiny red circle ", vocabulary));
        assertEquals(List.of("tiny"), Prompts.unknownWords("a tiny red circle", vocabulary));
    }

    private static double[] box(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    static void assertPixelsEqual(BufferedImage a, BufferedImage b) {
        assertArrayEquals(a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()),
                b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()));
    }
}
