package dev.atelier.text.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pre-tokenizer patterns split as the original regexes do (splits worked out from the patterns). */
class PreTokenizerTest {

    static final PreTokenizer GPT2 = PreTokenizer.of(PreTokenizer.GPT2);
    static final PreTokenizer LLAMA3 = PreTokenizer.of(PreTokenizer.LLAMA3);
    static final PreTokenizer QWEN2 = PreTokenizer.of(PreTokenizer.QWEN2);

    @Test
    void gpt2() {
        assertEquals(List.of("Hello", ",", " world", "!", " ", " How", "'s", " it"), GPT2.split("Hello, world!  How's it"));
        assertEquals(List.of("I", "'", "VE"), GPT2.split("I'VE"), "contractions are lower case only");
        assertEquals(List.of(" 123456", " x"), GPT2.split(" 123456 x"));
        assertEquals(List.of("\n ", " a", "  "), GPT2.split("\n  a  "), "white space before a word leaves one space to it");
        assertEquals(List.of("x", "\u3000", "y"), GPT2.split("x\u3000y"), "ideographic space is white space");
        assertEquals(List.of(), GPT2.split(""));
    }

    @Test
    void llama3() {
        assertEquals(List.of("I", "'VE", " done", " ", "123", "456", "7"), LLAMA3.split("I'VE done 1234567"));
        assertEquals(List.of("Hello", ",", " world", "!\n\n", "(x", ")"), LLAMA3.split("Hello, world!\n\n(x)"));
        assertEquals(List.of("a", " \n", "  ", " b"), LLAMA3.split("a \n   b"));
    }

    @Test
    void qwen2SplitsSingleDigits() {
        assertEquals(List.of("x", "1", "2", "3"), QWEN2.split("x123"));
    }

    @Test
    void namesAndGapsAndErrors() {
        assertTrue(PreTokenizer.forGgufName("gpt-2").isPresent());
        assertTrue(PreTokenizer.forGgufName("llama-bpe").isPresent());
        assertTrue(PreTokenizer.forGgufName("qwen2").isPresent());
        assertTrue(PreTokenizer.forGgufName("falcon").isEmpty());
        // Text no pattern matches is kept as words of its own.
        assertEquals(List.of("a", "-", "b", "--"), PreTokenizer.of("[a-z]").split("a-b--"));
        assertEquals(List.of("abc"), PreTokenizer.none().split("abc"));
        assertThrows(AtelierException.class, () -> PreTokenizer.of("(unclosed"));
    }
}
