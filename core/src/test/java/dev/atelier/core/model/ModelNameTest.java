package dev.atelier.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ModelNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt", "a", "0", "sd-turbo.v2", "bge_small-en-1.5"})
    void acceptsGoodNames(String name) {
        assertEquals(name, ModelName.of(name).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/etc/passwd", "a/b", "..", ".", "A", "", "a..b", ".hidden", "-x",
            "a\\b", "a b", "c:x", "é"})
    void rejectsNamesThatCouldBePaths(String name) {
        AtelierException e = assertThrows(AtelierException.class, () -> ModelName.of(name));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("model", e.param());
        assertTrue(e.getMessage().startsWith("invalid model name '"), e.getMessage());
    }

    @Test
    void rejectsNullAndSixtyFiveCharacters() {
        assertThrows(AtelierException.class, () -> ModelName.of(null));
        assertEquals(64, ModelName.of("a".repeat(64)).value().length());
        AtelierException e = assertThrows(AtelierException.class, () -> ModelName.of("a".repeat(65)));
        assertTrue(e.getMessage().contains("longer than 64"), e.getMessage());
    }

    @Test
    void messageQuotesAtMostSixtyFourCharactersWithoutControlCharacters() {
        String hostile = "x\n[ERROR] forged log line " + "y".repeat(1000);
        AtelierException e = assertThrows(AtelierException.class, () -> ModelName.of(hostile));
        assertTrue(e.getMessage().contains("'x?[ERROR] forged"), e.getMessage());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }
}
