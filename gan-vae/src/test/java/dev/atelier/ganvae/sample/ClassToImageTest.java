package dev.atelier.ganvae.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.ganvae.TestPaths;
import dev.atelier.vision.mnist.Mnist;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the class out of a prompt in vision's MNIST caption grammar, on the committed digit CVAE. */
class ClassToImageTest {

    @Test
    void everyMnistCaptionSelectsItsDigitAndBareDigitsWorkToo() {
        try (ClassToImage digits = new ClassToImage(GeneratorModel.load(TestPaths.model("mnist-class-vae")))) {
            assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), digits.classes());
            for (int d = 0; d < 10; d++) {
                assertEquals(d, digits.classOf(Mnist.caption(d)), Mnist.caption(d));
                assertEquals(d, digits.classOf(Integer.toString(d)));
                assertEquals(Mnist.caption(d), digits.caption(d));
            }
            assertEquals(7, digits.classOf("  The HANDWRITTEN digit seven, please! "));
            assertEquals(7, digits.classOf("7 (seven)"));
            assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, digits.row(3));
        }
    }

    @Test
    void promptsNamingNoOrTwoClassesAndBadClassesAreRefused() {
        try (ClassToImage digits = new ClassToImage(GeneratorModel.load(TestPaths.model("mnist-class-vae")))) {
            for (String prompt : new String[] {"a handwritten digit", "seventy", "a seven and an eight", "7 8", "", " ",
                    "x".repeat(Prompts.MAX_PROMPT_CHARS + 1)}) {
                AtelierException e = assertThrows(AtelierException.class, () -> digits.classOf(prompt), prompt);
                assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            }
            assertThrows(AtelierException.class, () -> digits.classOf(null));
            assertThrows(AtelierException.class, () -> digits.row(10));
            assertThrows(AtelierException.class, () -> digits.row(-1));
            assertThrows(AtelierException.class, () -> digits.generate(3, 0, 1, 0));
            assertThrows(AtelierException.class, () -> digits.generate(3, 1, 1, Double.NaN));
        }
    }

    @Test
    void aTextModelIsNotAClassModel() {
        GeneratorModel text = GeneratorModel.load(TestPaths.model("shapes-text-vae"));
        try {
            assertThrows(AtelierException.class, () -> new ClassToImage(text));
        } finally {
            text.close();
        }
    }
}
