package dev.atelier.audio.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

class ComposeInputTest {
    @Test
    void unknownStylesAndKeysListTheKnownOnes() {
        AtelierException s = assertThrows(AtelierException.class, () -> Style.named("polka"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, s.code());
        assertTrue(s.getMessage().contains("jig, reel, hornpipe, waltz"), s.getMessage());
        AtelierException k = assertThrows(AtelierException.class, () -> Style.key("H#"));
        assertTrue(k.getMessage().contains("G, D, A, C, Am, Em"), k.getMessage());
        assertThrows(AtelierException.class, () -> Style.named(null));
        assertEquals("Em", Style.key("em"));
        assertEquals(Style.SLIPJIG, Style.named("Slip-Jig"));
    }

    @Test
    void continuationPromptsStartAtALine() {
        String body = "a".repeat(100) + "\n" + "b".repeat(100) + "\n" + "c".repeat(20);
        assertEquals("b".repeat(100) + "\n" + "c".repeat(20), Composer.tail(body));
        assertEquals("abc", Composer.tail("abc"));
    }
}
