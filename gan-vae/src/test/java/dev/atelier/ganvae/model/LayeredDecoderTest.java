package dev.atelier.ganvae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.runtime.NativeRuntime;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The layered (object-slot) decoder: its compositing against a per-pixel painter's algorithm, and its wiring into the VAE. */
class LayeredDecoderTest {

    @Test
    void paintIsThePaintersAlgorithmOverBlack() {
        NativeRuntime.configure();
        int b = 2, k = 3, c = 3, h = 4, w = 5;
        Random random = new Random(7);
        float[] alpha = new float[b * k * h * w];
        float[] rgb = new float[b * k * c];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = random.nextFloat();
        }
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = random.nextFloat();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray canvas = LayeredDecoder.paint(manager.create(alpha, new Shape(b, k, 1, h, w)),
                    manager.create(rgb, new Shape(b, k, c, 1, 1)));
            assertEquals(new Shape(b, c, h, w), canvas.getShape());
            float[] got = canvas.toFloatArray();
            for (int n = 0; n < b; n++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int p = 0; p < h * w; p++) {
                        double pixel = 0; // black
                        for (int layer = 0; layer < k; layer++) { // each layer "over" what is below
                            double a = alpha[(n * k + layer) * h * w + p];
                            pixel = a * rgb[(n * k + layer) * c + ch] + (1 - a) * pixel;
                        }
                        assertEquals(pixel, got[(n * c + ch) * h * w + p], 1e-6);
                    }
                }
            }
        }
    }

    @Test
    void overlapSumsTheProductsOfEveryPairOfMasksOverThePixels() {
        NativeRuntime.configure();
        int b = 2, k = 3, h = 4, w = 5;
        Random random = new Random(11);
        float[] alpha = new float[b * k * h * w];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = random.nextFloat();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] got = LayeredDecoder.overlap(manager.create(alpha, new Shape(b, k, 1, h, w))).toFloatArray();
            assertEquals(b, got.length);
            for (int n = 0; n < b; n++) {
                double expected = 0;
                for (int p = 0; p < h * w; p++) {
                    for (int i = 0; i < k; i++) {
                        for (int j = i + 1; j < k; j++) {
                            expected += alpha[(n * k + i) * h * w + p] * alpha[(n * k + j) * h * w + p];
                        }
                    }
                }
                assertEquals(expected, got[n], 1e-4);
            }
        }
    }

    @Test
    void pixelCentresRunRowByRowOverMinusOneToOne() {
        NativeRuntime.configure();
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] xy = LayeredDecoder.pixelCentres(manager, 4).toFloatArray();
            assertEquals(32, xy.length);
            float[] expected = {-0.75f, -0.25f, 0.25f, 0.75f};
            for (int p = 0; p < 16; p++) {
                assertEquals(expected[p % 4], xy[2 * p], 1e-7, "x of pixel " + p);
                assertEquals(expected[p / 4], xy[2 * p + 1], 1e-7, "y of pixel " + p);
            }
        }
    }

    @Test
    void aSlotVaeEncodesAndDecodesImagesOfItsSize() {
        VaeConfig config = VaeConfig.builder().setImage(3, 16).optLatentDim(4).optWidth(4).optSlots(2)
                .optCondition(Condition.text(8, 4)).build();
        try (Vae vae = Vae.create(config, 1)) {
            assertTrue(vae.decoder() instanceof LayeredDecoder);
            float[] x = new float[2 * 3 * 16 * 16];
            float[] cond = new float[16];
            cond[1] = 1;
            float[] images = vae.decode(vae.encode(x, cond, 2), cond, 2);
            assertEquals(x.length, images.length);
            for (float v : images) {
                assertTrue(v >= 1e-4f - 1e-7f && v <= 1 - 1e-4f + 1e-7f, "a painted canvas, clamped: " + v);
            }
        }
    }

    @Test
    void theSlotPenaltiesChargeEachSlotDrawnAndEachPixelOfOverlap() {
        VaeConfig config = VaeConfig.builder().setImage(3, 16).optLatentDim(4).optWidth(4).optSlots(2)
                .optCondition(Condition.text(8, 4)).optBeta(2).build();
        try (Vae vae = Vae.create(config, 3); NDManager manager = vae.manager().newSubManager()) {
            // present_k = sigmoid(w · what_k + b): with w = 0 and b = 0.3 every slot is present by sigmoid(0.3).
            for (var parameter : vae.decoder().getParameters()) {
                if (parameter.getKey().contains("presence_")) {
                    NDArray array = parameter.getValue().getArray();
                    array.set(array.zerosLike().add(parameter.getKey().endsWith("bias") ? 0.3f : 0f).toFloatArray());
                }
            }
            Random random = new Random(5);
            float[] x = new float[2 * 3 * 16 * 16];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextFloat();
            }
            float[] cond = new float[2 * 8];
            cond[1] = 1;
            cond[12] = 1;
            ai.djl.training.ParameterStore store = new ai.djl.training.ParameterStore(manager, false);
            NDArray images = manager.create(x, new Shape(2, 3, 16, 16));
            NDArray c = manager.create(cond, new Shape(2, 8));
            NDArray eps = manager.create(new float[] {0.5f, -1, 0, 2, 1, 0.1f, -0.3f, 0}, new Shape(2, 4));
            float[] plain = lossTerms(vae.loss(store, images, c, eps, false, 2, SlotPenalties.NONE));
            float[] charged = lossTerms(vae.loss(store, images, c, eps, false, 2, new SlotPenalties(7, 3)));
            double drawn = 2 / (1 + Math.exp(-0.3));
            assertEquals(drawn, plain[3], 1e-5, "mean Σ_k present_k");
            assertEquals(plain[1], charged[1], 1e-3, "reconstruction unchanged");
            assertEquals(plain[2], charged[2], 1e-5, "KL unchanged");
            assertEquals(plain[1] + 2 * plain[2], plain[0], 1e-3, "no penalty: reconstruction + β KL");
            assertTrue(plain[4] > 0, "random masks overlap: " + plain[4]);
            assertEquals(plain[4], charged[4], 1e-3, "overlap unchanged");
            assertEquals(plain[0] + 7 * drawn + 3 * plain[4], charged[0], 2e-3, "λ per slot drawn and per pixel of overlap");
        }
    }

    private static float[] lossTerms(ai.djl.ndarray.NDList terms) {
        float[] out = new float[terms.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = terms.get(i).getFloat();
        }
        return out;
    }

    @Test
    void aSlotGanGeneratesImagesInTheTanhRange() {
        GanConfig config = GanConfig.builder().setImage(3, 16).optLatentDim(4).optGeneratorWidth(4).optDiscriminatorWidth(4)
                .optSlots(3).optCondition(Condition.text(8, 4)).build();
        try (Gan gan = Gan.create(config, 1)) {
            assertTrue(gan.generator() instanceof LayeredDecoder);
            float[] z = new float[2 * 4];
            z[0] = 1.5f;
            float[] cond = new float[16];
            cond[2] = 1;
            float[] images = gan.decode(z, cond, 2); // mapped back from [-1, 1] to [0, 1]
            assertEquals(2 * 3 * 16 * 16, images.length);
            for (float v : images) {
                assertTrue(v >= -1e-6f && v <= 1 + 1e-6f, "a painted canvas: " + v);
            }
        }
    }

    @Test
    void slotsAreBoundedAndOldDescriptionsReadAsTheDcganDecoder() throws Exception {
        assertThrows(AtelierException.class, () -> VaeConfig.builder().setImage(1, 28).optSlots(VaeConfig.MAX_SLOTS + 1).build());
        assertThrows(AtelierException.class, () -> VaeConfig.builder().setImage(1, 28).optSlots(-1).build());
        ObjectMapper json = new ObjectMapper();
        VaeConfig layered = VaeConfig.builder().setImage(3, 64).optSlots(2).build();
        assertEquals(layered, json.readValue(json.writeValueAsString(layered), VaeConfig.class));
        String old = json.writeValueAsString(VaeConfig.builder().setImage(3, 64).build()).replace(",\"slots\":0", "");
        assertTrue(!old.contains("slots"), old);
        assertEquals(0, json.readValue(old, VaeConfig.class).slots());
        GanConfig gan = GanConfig.builder().setImage(3, 64).optSlots(2).build();
        assertEquals(gan, json.readValue(json.writeValueAsString(gan), GanConfig.class));
        String oldGan = json.writeValueAsString(GanConfig.builder().setImage(3, 64).build()).replace(",\"slots\":0", "");
        assertTrue(!oldGan.contains("slots"), oldGan);
        assertEquals(0, json.readValue(oldGan, GanConfig.class).slots());
        assertThrows(AtelierException.class, () -> GanConfig.builder().setImage(1, 28).optSlots(VaeConfig.MAX_SLOTS + 1).build());
    }
}
