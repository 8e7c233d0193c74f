package dev.atelier.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

class ClipTest {
    @Test
    void peakAndRmsOfASineAreAnalytic() {
        int sr = 48_000;
        float[] x = new float[sr];
        for (int i = 0; i < sr; i++) {
            x[i] = (float) (0.8 * Math.sin(2 * Math.PI * 480 * i / sr)); // 100 samples a cycle
        }
        Clip clip = new Clip(sr, x);
        assertEquals(0.8, clip.peak(), 1e-6);
        assertEquals(0.8 / Math.sqrt(2), clip.rms(), 1e-6);
        assertEquals(20 * Math.log10(0.8), clip.peakDbfs(), 1e-5);
        assertEquals(20 * Math.log10(0.8) - 3.0103, clip.rmsDbfs(), 1e-3);
        assertEquals(1.0, clip.durationSeconds(), 0);
    }

    @Test
    void isImmutable() {
        float[] x = {0.1f, 0.2f};
        Clip clip = new Clip(8_000, x);
        x[0] = 0.9f;
        clip.channel(0)[1] = 0.9f;
        assertEquals(0.1f, clip.sample(0, 0));
        assertEquals(0.2f, clip.sample(0, 1));
    }

    @Test
    void monoAveragesChannels() {
        Clip stereo = new Clip(8_000, new float[] {1, 0}, new float[] {0, 1});
        assertEquals(0.5f, stereo.mono().sample(0, 0));
        assertEquals(1, stereo.mono().channelCount());
    }

    @Test
    void limitsAreEnforcedBeforeAllocation() {
        assertInvalid(() -> Clip.silence(44_100, 2, 601));
        assertInvalid(() -> Clip.silence(44_100, 2, Double.NaN));
        assertInvalid(() -> Clip.silence(44_100, 2, -1));
        assertInvalid(() -> Clip.silence(7_999, 1, 1));
        assertInvalid(() -> Clip.silence(96_001, 1, 1));
        assertInvalid(() -> Clip.silence(44_100, 0, 1));
        assertInvalid(() -> Clip.silence(44_100, 9, 1));
        assertInvalid(() -> new Clip(8_000, new float[] {0}, new float[] {0, 0}));
        assertEquals(8_000 * 600, Clip.silence(8_000, 1, 600).frames());
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable e) {
        AtelierException ex = assertThrows(AtelierException.class, e);
        assertEquals(ErrorCode.INVALID_ARGUMENT, ex.code());
    }
}
