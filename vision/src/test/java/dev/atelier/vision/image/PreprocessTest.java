package dev.atelier.vision.image;

import static dev.atelier.vision.image.ImageIoTest.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PreprocessTest {

    @ParameterizedTest
    @EnumSource(Interpolation.class)
    void constantImageStaysConstantAtAnySize(Interpolation interpolation) {
        BufferedImage constant = image(37, 23, (x, y) -> 0x3C7FD2);
        for (int[] size : new int[][] {{64, 50}, {10, 7}, {37, 23}, {1, 1}, {111, 5}}) {
            BufferedImage out = Preprocess.resize(constant, size[0], size[1], interpolation);
            assertEquals(BufferedImage.TYPE_INT_RGB, out.getType());
            assertEquals(size[0], out.getWidth());
            assertEquals(size[1], out.getHeight());
            forEach(out, (x, y) -> assertEquals(0x3C7FD2, out.getRGB(x, y) & 0xFFFFFF));
        }
    }

    @Test
    void bilinearDoublingOfALinearRampIsExact() {
        // v = 10 + 4x sampled at source coordinate s = (o + 0.5) / 2 - 0.5 = o / 2 - 0.25,
        // so 10 + 4s = 9 + 2o inside, and the border pixels replicate the edge values.
        BufferedImage ramp = image(51, 3, (x, y) -> grey(10 + 4 * x));
        BufferedImage out = Preprocess.resize(ramp, 102, 3, Interpolation.BILINEAR);
        for (int o = 0; o < 102; o++) {
            int expected = o == 0 ? 10 : o == 101 ? 210 : 9 + 2 * o;
            assertEquals(expected, out.getRGB(o, 1) & 0xFF, "x " + o);
        }
    }

    @Test
    void bilinearIsExactOnAPlaneInTwoDimensions() {
        // v = 4x + 8y + 7 at s = o / 2 - 0.25 in both axes: 2 ox + 4 oy + 4 away from the borders.
        BufferedImage plane = image(20, 20, (x, y) -> TestImages.rgb(4 * x + 8 * y + 7, 100, 4 * x + 7));
        BufferedImage out = Preprocess.resize(plane, 40, 40, Interpolation.BILINEAR);
        for (int oy = 1; oy < 39; oy++) {
            for (int ox = 1; ox < 39; ox++) {
                int rgb = out.getRGB(ox, oy);
                assertEquals(2 * ox + 4 * oy + 4, (rgb >> 16) & 0xFF);
                assertEquals(100, (rgb >> 8) & 0xFF);
                assertEquals(2 * ox + 6, rgb & 0xFF);
            }
        }
    }

    @Test
    void areaHalvingAveragesPairs() {
        // Columns 2o and 2o + 1 of v = 4x average to 8o + 2; rows are constant.
        BufferedImage ramp = image(64, 8, (x, y) -> grey(4 * x));
        BufferedImage out = Preprocess.resize(ramp, 32, 4, Interpolation.AREA);
        for (int o = 0; o < 32; o++) {
            assertEquals(8 * o + 2, out.getRGB(o, 2) & 0xFF);
        }
        // 2 x 2 blocks of one colour each shrink to exactly that colour.
        BufferedImage blocks = image(8, 8, (x, y) -> TestImages.rgb(30 * (x / 2), 40 * (y / 2), 200));
        BufferedImage small = Preprocess.resize(blocks, 4, 4, Interpolation.AREA);
        forEach(small, (x, y) -> assertEquals(TestImages.rgb(30 * x, 40 * y, 200), small.getRGB(x, y) & 0xFFFFFF));
    }

    @Test
    void areaWeighsPartialPixels() {
        // 3 -> 2: output 0 covers [0, 1.5), output 1 covers [1.5, 3).
        // (0 * 1 + 90 * 0.5) / 1.5 = 30 and (90 * 0.5 + 180 * 1) / 1.5 = 150.
        BufferedImage three = image(3, 1, (x, y) -> grey(90 * x));
        BufferedImage out = Preprocess.resize(three, 2, 1, Interpolation.AREA);
        assertEquals(30, out.getRGB(0, 0) & 0xFF);
        assertEquals(150, out.getRGB(1, 0) & 0xFF);
    }

    @Test
    void nearestReplicatesAndSubsamples() {
        BufferedImage src = image(4, 4, (x, y) -> TestImages.rgb(x * 50, y * 50, 7));
        BufferedImage up = Preprocess.resize(src, 8, 8, Interpolation.NEAREST);
        forEach(up, (x, y) -> assertEquals(src.getRGB(x / 2, y / 2), up.getRGB(x, y)));
        // 8 -> 4 takes the pixel under each output centre: source index floor((o + 0.5) * 2) = 2o + 1.
        BufferedImage down = Preprocess.resize(up, 4, 4, Interpolation.NEAREST);
        forEach(down, (x, y) -> assertEquals(up.getRGB(2 * x + 1, 2 * y + 1), down.getRGB(x, y)));
    }

    @Test
    void centerCropTakesTheMiddle() {
        BufferedImage coords = image(10, 8, (x, y) -> TestImages.rgb(x, y, 0));
        BufferedImage crop = Preprocess.centerCrop(coords, 4, 4);
        forEach(crop, (x, y) -> assertEquals(TestImages.rgb(x + 3, y + 2, 0), crop.getRGB(x, y) & 0xFFFFFF));
        // An odd margin is split with the smaller half first: (9 - 4) / 2 = 2.
        BufferedImage odd = Preprocess.centerCrop(image(9, 9, (x, y) -> TestImages.rgb(x, y, 0)), 4, 4);
        assertEquals(TestImages.rgb(2, 2, 0), odd.getRGB(0, 0) & 0xFFFFFF);
        assertInvalid(() -> Preprocess.centerCrop(coords, 11, 4), "cannot crop 11 x 4");
    }

    @Test
    void shorterSideResizeKeepsAspect() {
        BufferedImage wide = Preprocess.resizeShorterSide(image(100, 50, (x, y) -> 0), 25, Interpolation.AREA);
        assertEquals(50, wide.getWidth());
        assertEquals(25, wide.getHeight());
        BufferedImage tall = Preprocess.resizeShorterSide(image(30, 91, (x, y) -> 0), 10, Interpolation.BILINEAR);
        assertEquals(10, tall.getWidth());
        assertEquals(30, tall.getHeight()); // floor(10 * 91 / 30)
    }

    @Test
    void tensorIsChwAndNormalised() {
        BufferedImage img = image(3, 2, (x, y) -> TestImages.rgb(255 * ((x + y) % 2), 51 * x, 102 * y));
        ImageTensor unit = Preprocess.toTensor(img, Normalization.UNIT);
        assertArrayEquals(new long[] {3, 2, 3}, unit.shape());
        float[] expected = {
            0, 1, 0, /* R, y0 */ 1, 0, 1, /* R, y1 */
            0, 0.2f, 0.4f, /* G */ 0, 0.2f, 0.4f,
            0, 0, 0, /* B */ 0.4f, 0.4f, 0.4f};
        assertArrayEquals(expected, unit.data(), 1e-6f);
        assertEquals(0.4f, unit.get(1, 1, 2), 1e-6f);

        ImageTensor clip = Preprocess.toTensor(img, Normalization.CLIP);
        assertEquals((1 - 0.48145466) / 0.26862954, clip.get(0, 0, 1), 1e-5);
        assertEquals((0.4 - 0.40821073) / 0.27577711, clip.get(2, 1, 0), 1e-5);
        ImageTensor symmetric = Preprocess.toTensor(img, Normalization.SYMMETRIC);
        assertEquals(-1f, symmetric.get(0, 0, 0), 1e-6f);
        assertEquals(1f, symmetric.get(0, 0, 1), 1e-6f);
    }

    @Test
    void tensorRoundTripsToTheSameImage() {
        BufferedImage img = image(17, 9, (x, y) -> TestImages.rgb(15 * x, 28 * y, (x * y) % 256));
        for (Normalization n : new Normalization[] {Normalization.UNIT, Normalization.SYMMETRIC,
                Normalization.IMAGENET, Normalization.CLIP}) {
            ImageIoTest.assertSamePixels(img, Preprocess.toImage(Preprocess.toTensor(img, n), n));
        }
    }

    @Test
    void toImageClampsAcceptsGreyAndRefusesNaN() {
        ImageTensor t = new ImageTensor(3, 1, 2, new float[] {-3, 0.5f, 2, 0.5f, 7, -0.1f});
        BufferedImage img = Preprocess.toImage(t, Normalization.UNIT);
        assertEquals(TestImages.rgb(0, 255, 255), img.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(TestImages.rgb(128, 128, 0), img.getRGB(1, 0) & 0xFFFFFF);

        BufferedImage grey = Preprocess.toImage(new ImageTensor(1, 1, 2, new float[] {-1, 0}), Normalization.SYMMETRIC);
        assertEquals(TestImages.rgb(0, 0, 0), grey.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(TestImages.rgb(128, 128, 128), grey.getRGB(1, 0) & 0xFFFFFF);

        assertInvalid(() -> Preprocess.toImage(new ImageTensor(3, 1, 1, new float[] {0, Float.NaN, 0}),
                Normalization.UNIT), "non-finite");
        assertInvalid(() -> Preprocess.toImage(new ImageTensor(2, 1, 1, new float[] {0, 0}), Normalization.UNIT),
                "1 or 3 channels");
        assertInvalid(() -> new ImageTensor(3, 2, 2, new float[5]), "expected 3 x 2 x 2");
    }

    @Test
    void alphaIsDropped() {
        BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x10FF8000);
        ImageTensor t = Preprocess.toTensor(argb, Normalization.UNIT);
        assertArrayEquals(new float[] {1, 128 / 255f, 0}, t.data(), 1e-6f);
        assertEquals(0xFF8000, Preprocess.resize(argb, 2, 2, Interpolation.BILINEAR).getRGB(1, 1) & 0xFFFFFF);
    }

    @Test
    void badParametersAreInvalidArguments() {
        BufferedImage img = image(4, 4, (x, y) -> 0);
        assertInvalid(() -> Preprocess.resize(img, 0, 4, Interpolation.AREA), "width must be in");
        assertInvalid(() -> Preprocess.resize(null, 4, 4, Interpolation.AREA), "no image");
        assertInvalid(() -> Preprocess.resizeShorterSide(image(1, 30000, (x, y) -> 0), 100, Interpolation.AREA),
                "more than");
        assertInvalid(() -> Normalization.of(0, 0, 0, 1, 0, 1), "positive");
    }

    private static int grey(int v) {
        return TestImages.rgb(v, v, v);
    }

    private static BufferedImage image(int w, int h, IntBinaryOperator rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        forEach(img, (x, y) -> img.setRGB(x, y, rgb.applyAsInt(x, y)));
        return img;
    }

    private interface PixelAction {
        void at(int x, int y);
    }

    private static void forEach(BufferedImage img, PixelAction action) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                action.at(x, y);
            }
        }
    }
}
