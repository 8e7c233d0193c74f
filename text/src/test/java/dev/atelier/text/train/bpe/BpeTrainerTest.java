package dev.atelier.text.train.bpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.tokenizer.Tokenizer;
import dev.atelier.text.tokenizer.Tokenizers;
import dev.atelier.text.train.export.GptGguf;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learned tokenizer.json is checked against the Hugging Face Rust tokenizers (through DJL) as
 * the reference: both must give the same ids on varied text, and the GGUF copy of the vocabulary
 * must give them too.
 */
class BpeTrainerTest {

    static final String CORPUS = """
            First Citizen:
            Before we proceed any further, hear me speak.
            All: Speak, speak! 1234 5678 90, and 3.14159 — don't we? We'll, they've, I'd, you're.
            Größe, naïve café, Ünïcödé; Ελληνικά κείμενα; русский текст; 日本語のテキスト; 中文文本。
            Emoji: 😀😃😄 👩‍👩‍👧‍👦 🇫🇷 ✨ and tabs\tand   spaces    here,
            CRLF\r\nlines, and a trailing space.\u0020
            """.repeat(20);

    @Test
    void firstMergesAreTheMostFrequentPairs() {
        BpeVocabulary v = new BpeTrainer(300).train("ab ab ab ab cd");
        // "ab" ×4 is the commonest pair, then "Ġ"+"ab" ×3; every other pair occurs once: nothing more to learn.
        assertEquals(2, v.merges().size());
        assertEquals("a b", v.mergeRules().get(0));
        assertEquals("Ġ ab", v.mergeRules().get(1));
        assertEquals(256 + 2 + 1, v.size());
    }

    @Test
    void bytesOnlyVocabularyHasNoMerges() {
        BpeVocabulary v = new BpeTrainer(BpeTrainer.MIN_VOCABULARY).train(CORPUS);
        assertEquals(257, v.size());
        assertTrue(v.merges().isEmpty());
        int[] ids = v.tokenizer().encode("héllo");
        assertEquals(6, ids.length); // one id per UTF-8 byte
    }

    @Test
    void refusesImpossibleSizes() {
        assertThrows(AtelierException.class, () -> new BpeTrainer(256));
        assertThrows(AtelierException.class, () -> new BpeTrainer(-5));
        assertThrows(AtelierException.class, () -> new BpeTrainer(Integer.MAX_VALUE));
    }

    @Test
    void encodesLikeHuggingFaceAndFromGguf(@TempDir Path dir) throws Exception {
        BpeVocabulary vocabulary = new BpeTrainer(450).train(CORPUS);
        assertEquals(450, vocabulary.size(), "the corpus has enough repeated pairs to fill the vocabulary");
        Path json = dir.resolve("tokenizer.json");
        vocabulary.write(json);
        Tokenizer ours = Tokenizers.fromHuggingFace(json);

        GgufWriter writer = new GgufWriter();
        writer.putString("general.architecture", "gpt2");
        GptGguf.putTokenizer(writer, vocabulary);
        Tokenizer fromGguf = Tokenizers.fromGguf(GgufFile.read(ByteBuffer.wrap(writer.toByteArray()), "vocab"));
        assertEquals(vocabulary.size(), fromGguf.vocabularySize());
        assertEquals(vocabulary.endOfTextId(), fromGguf.eosId().getAsInt());

        NativeRuntime.configure();
        try (HuggingFaceTokenizer reference = HuggingFaceTokenizer.builder().optTokenizerPath(json)
                .optAddSpecialTokens(false).optTruncation(false).optPadding(false).build()) {
            int compared = 0;
            for (String text : texts()) {
                long[] expected = reference.encode(text, false, false).getIds();
                int[] want = new int[expected.length];
                for (int i = 0; i < want.length; i++) {
                    want[i] = Math.toIntExact(expected[i]);
                }
                assertArrayEquals(want, ours.encode(text), () -> "tokenizer.json ids differ for " + text);
                assertArrayEquals(want, fromGguf.encode(text), () -> "GGUF ids differ for " + text);
                assertEquals(text, ours.decode(want), "decode(encode(text)) is the text");
                compared++;
            }
            assertTrue(compared > 500);
        }
        assertTrue(Files.size(json) > 1000);
    }

    /** Hand-picked hard cases plus random strings over ASCII, accented letters, CJK, emoji and whitespace. */
    static List<String> texts() {
        List<String> texts = new ArrayList<>(List.of("", " ", "  ", "\n", "\n\n\n", "\t \t", "Hello world",
                " leading", "trailing ", "12345678901234", "3.14 1e10 0x1F", "don't DON'T we'll I'M",
                "😀", "👩‍👩‍👧‍👦", "🇫🇷🇩🇪", "日本語", "Ελληνικά", "a\r\nb", "x  \n  y", "!!!???...", "ÆØÅ æøå",
                "\u00a0non-breaking\u00a0space", "zero\u200bwidth", "ROMEO:\nBut soft, what light through yonder window breaks?"));
        int[][] ranges = {{'a', 'z'}, {'A', 'Z'}, {'0', '9'}, {0xC0, 0xFF}, {0x3040, 0x30FF}, {0x4E00, 0x4E80},
                {0x1F600, 0x1F64F}, {0x0391, 0x03C9}};
        String[] spaces = {" ", "  ", "\n", "\t", "\r\n", " \n "};
        String[] punct = {".", ",", "'s", "'ll", "!", "?", "—", "-", "\"", "(", ")"};
        SplittableRandom random = new SplittableRandom(42);
        for (int n = 0; n < 600; n++) {
            StringBuilder sb = new StringBuilder();
            int pieces = 1 + random.nextInt(12);
            for (int p = 0; p < pieces; p++) {
                switch (random.nextInt(4)) {
                    case 0 -> sb.append(spaces[random.nextInt(spaces.length)]);
                    case 1 -> sb.append(punct[random.nextInt(punct.length)]);
                    default -> {
                        int[] r = ranges[random.nextInt(ranges.length)];
                        int len = 1 + random.nextInt(8);
                        for (int i = 0; i < len; i++) {
                            sb.appendCodePoint(r[0] + random.nextInt(r[1] - r[0] + 1));
                        }
                    }
                }
            }
            texts.add(sb.toString());
        }
        texts.add(CORPUS.substring(0, 2000));
        return texts;
    }
}
