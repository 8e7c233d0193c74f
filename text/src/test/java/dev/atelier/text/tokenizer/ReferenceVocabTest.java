package dev.atelier.text.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.text.SharedTestData;
import dev.atelier.text.gguf.GgufFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The must-pass bar: llama.cpp's tokenizer test vectors. Each {@code .inp} holds texts separated
 * by "\n__ggml_vocab_test__\n" (the separator also ends the file, so a text's own trailing newline
 * is the one before the separator's); each line of {@code .out} holds the ids the original
 * tokenizer (Hugging Face / SentencePiece) produced for the text at the same index, without BOS.
 */
class ReferenceVocabTest {

    static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    record Case(String text, int[] expected) {
    }

    static List<Case> cases(Path vocab) throws IOException {
        String inp = Files.readString(Path.of(vocab + ".inp"), StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>();
        int pos = 0;
        while (pos < inp.length()) {
            int next = inp.indexOf(SEPARATOR, pos);
            if (next < 0) {
                texts.add(inp.substring(pos));
                break;
            }
            texts.add(inp.substring(pos, next));
            pos = next + SEPARATOR.length();
        }
        List<String> lines = Files.readAllLines(Path.of(vocab + ".out"), StandardCharsets.UTF_8);
        assertEquals(texts.size(), lines.size(), "one .out line per .inp text");
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String line = lines.get(i).trim();
            int[] ids = line.isEmpty() ? new int[0] : Arrays.stream(line.split(" +")).mapToInt(Integer::parseInt).toArray();
            cases.add(new Case(texts.get(i), ids));
        }
        return cases;
    }

    @ParameterizedTest
    @ValueSource(strings = {"vocab-gpt-2.gguf", "vocab-llama-spm.gguf"})
    void reproducesEveryReferenceTokenization(String name) throws IOException {
        Path vocab = SharedTestData.require("tokenizers/" + name);
        Tokenizer tokenizer = Tokenizers.fromGguf(GgufFile.open(vocab));
        List<Case> cases = cases(vocab);
        assertTrue(cases.size() >= 40, "the vector file has its cases");
        List<String> failures = new ArrayList<>();
        int passed = 0;
        int roundTrips = 0;
        for (Case c : cases) {
            int[] ids = tokenizer.encode(c.text());
            if (Arrays.equals(c.expected(), ids)) {
                passed++;
            } else {
                failures.add(escape(c.text()) + "\n   expected " + Arrays.toString(c.expected())
                        + "\n   got      " + Arrays.toString(ids));
            }
            if (tokenizer.decode(c.expected()).equals(c.text())) {
                roundTrips++;
            } else {
                failures.add("decode does not round-trip " + escape(c.text()) + ": " + escape(tokenizer.decode(c.expected())));
            }
        }
        System.out.printf("%s: %d/%d reference tokenizations, %d/%d decode round trips%n",
                name, passed, cases.size(), roundTrips, cases.size());
        assertTrue(failures.isEmpty(), name + ": " + failures.size() + " failures:\n" + String.join("\n", failures));
    }

    static String escape(String s) {
        return "\"" + s.replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
