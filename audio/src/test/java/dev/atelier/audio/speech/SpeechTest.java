package dev.atelier.audio.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.audio.Clip;
import dev.atelier.audio.loudness.LoudnessMeter;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

class SpeechTest {
    @Test
    void speaksAudiblyAndLongerTextTakesLonger() {
        Clip shortClip = Speech.say("Hello.");
        Clip longClip = Speech.say("Hello. This sentence is a good deal longer than the first one was.");
        System.out.printf("speech: %.2f s and %.2f s, %.1f LUFS%n", shortClip.durationSeconds(),
                longClip.durationSeconds(), LoudnessMeter.integrated(longClip));
        assertEquals(24_000, shortClip.sampleRate());
        assertTrue(shortClip.durationSeconds() > 0.3, "some speech");
        assertTrue(longClip.durationSeconds() > 3 * shortClip.durationSeconds(), "longer text, longer speech");
        assertEquals(Speech.TARGET_LUFS, LoudnessMeter.integrated(longClip), 0.5);
        assertTrue(longClip.peak() < 1);
        // Not a hum: speech has energy across the band; a crude check that it is not silent frames.
        assertTrue(longClip.rmsDbfs() > -40);
    }

    @Test
    void speedChangesDuration() {
        String text = "The quick brown fox jumps over the lazy dog.";
        double normal = Speech.say(text, 16_000, 1).durationSeconds();
        double fast = Speech.say(text, 16_000, 2).durationSeconds();
        assertTrue(fast < 0.7 * normal, fast + " vs " + normal);
    }

    @Test
    void refusesEmptyAndHugeText() {
        for (String bad : new String[] {"", "   ", null, "x".repeat(Speech.MAX_CHARS + 1)}) {
            AtelierException e = assertThrows(AtelierException.class, () -> Speech.say(bad));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        }
        assertThrows(AtelierException.class, () -> Speech.say("hi", 24_000, 5));
    }
}
