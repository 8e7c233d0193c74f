package dev.atelier.text.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our embeddings against langchain4j's {@link AllMiniLmL6V2EmbeddingModel}, the independent
 * reference for the same ONNX file: same tokenizer, pooling and normalisation must give the same
 * vectors. langchain4j only sees 128 tokens (tokenizer.json's truncation), so long texts are
 * checked against an encoder with {@code optMaxTokens(128)}, and our default 256 against langchain4j
 * with the tokenizer's max_length patched to 256.
 */
class SentenceEncoderOracleTest {

    static final double MIN_COSINE = 0.9999;

    /** Short texts (under 128 tokens, so truncation never matters), as varied as tokenizers get. */
    static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "A cat sits on the mat.",
            "Hello, world!",
            "What's the weather like in Paris today?",
            "I can't believe it's already 2024...",
            "Pi is approximately 3.14159265358979.",
            "Call me at +1 (555) 123-4567 or email foo.bar@example.com",
            "Café, crème brûlée, naïve façade, and jalapeño.",
            "Zürich und München sind schöne Städte.",
            "¿Dónde está la biblioteca?",
            "Ünïcödé äccênts everywhere: àéîõü ÀÉÎÕÜ",
            "Привет, как дела?",
            "我喜欢吃苹果和香蕉。",
            "東京は日本の首都です。",
            "서울은 한국의 수도입니다.",
            "مرحبا بالعالم",
            "नमस्ते दुनिया",
            "I love pizza 🍕 and tacos 🌮!",
            "👍👍👍",
            "   leading and trailing spaces   ",
            "tabs\tand\nnewlines\r\nand    runs     of   spaces",
            "!!!???...,,,;;;",
            "e = mc^2; x_1 + x_2 <= 10 && y != 0",
            "https://example.com/path?query=1&other=two#frag",
            "Supercalifragilisticexpialidocious antidisestablishmentarianism",
            "The stock market fell sharply today amid fears of inflation.",
            "A kitten is sitting on a rug.",
            "Machine learning models convert text into dense vectors.",
            "UPPERCASE TEXT SHOULD BE LOWERCASED BY THE TOKENIZER",
            "1234567890 0987654321 3.0 -42 1e10 0x1F",
            "a",
            "<html><body>Tags & entities &amp; stuff</body></html>",
            "zero\u200bwidth and control\u0007 characters");

    /** About 190 word pieces: past langchain4j's 128, inside our 256. */
    static final String MEDIUM = String.join(" ", java.util.Collections.nCopies(14,
            "Embeddings map sentences to vectors so that similar meanings land close together."));
    /** Well over 512 word pieces: past every limit. */
    static final String LONG = String.join(" ", java.util.Collections.nCopies(40,
            "The committee reviewed the quarterly report, noted a 3.5% rise in costs, and asked for a revised budget."));

    static SentenceEncoder ours;
    static SentenceEncoder ours128;
    static EmbeddingModel langchain4j;
    static EmbeddingModel langchain4j256;

    @BeforeAll
    static void load() throws IOException {
        ours = SentenceEncoder.allMiniLmL6V2();
        ours128 = SentenceEncoder.builder().optMaxTokens(128).build();
        langchain4j = new AllMiniLmL6V2EmbeddingModel();
        langchain4j256 = new Langchain4jWithMaxLength(256);
    }

    @AfterAll
    static void close() {
        ours.close();
        ours128.close();
    }

    @Test
    void matchesLangchain4jOnVariedShortTexts() {
        List<float[]> batch = ours.embed(SENTENCES);
        double min = 1;
        StringBuilder failures = new StringBuilder();
        for (int i = 0; i < SENTENCES.size(); i++) {
            String text = SENTENCES.get(i);
            float[] reference = langchain4j.embed(text).content().vector();
            double single = cosine(ours.embed(text), reference);
            double batched = cosine(batch.get(i), reference);
            min = Math.min(min, Math.min(single, batched));
            if (single < MIN_COSINE || batched < MIN_COSINE) {
                failures.append(String.format(Locale.ROOT, "%n  %.6f / %.6f  %s", single, batched, text));
            }
        }
        System.out.printf(Locale.ROOT, "oracle: %d texts, min cosine %.9f%n", SENTENCES.size(), min);
        assertTrue(failures.isEmpty(), "cosine below " + MIN_COSINE + " for:" + failures);
    }

    @Test
    void longTextsTruncateLikeTheReferenceAtTheSameLength() {
        for (String text : List.of(MEDIUM, LONG)) {
            int tokens = langchain4j.embed(text).tokenUsage().inputTokenCount() + 2;
            double at128 = cosine(ours128.embed(text), langchain4j.embed(text).content().vector());
            double at256 = cosine(ours.embed(text), langchain4j256.embed(text).content().vector());
            System.out.printf(Locale.ROOT, "oracle long text (langchain4j sees %d tokens): 128 %.9f, 256 %.9f%n",
                    tokens, at128, at256);
            assertEquals(128, tokens, "langchain4j truncates at tokenizer.json's 128");
            assertTrue(at128 >= MIN_COSINE, "maxTokens 128 vs langchain4j: " + at128);
            assertTrue(at256 >= MIN_COSINE, "maxTokens 256 vs langchain4j at 256: " + at256);
        }
        // The 256 window really sees more than the 128 one for the medium text...
        assertTrue(cosine(ours.embed(MEDIUM), ours128.embed(MEDIUM)) < 0.9999);
        // ...and nothing past 256: appending text changes nothing.
        assertTrue(cosine(ours.embed(LONG), ours.embed(LONG + " Completely different ending about volcanoes.")) > 0.999999);
    }

    @Test
    void emptyAndBlankTextsEmbedAsClsSepWhereTheReferenceRefuses() {
        float[] empty = ours.embed("");
        assertEquals(384, empty.length);
        assertEquals(1.0, norm(empty), 1e-5);
        assertTrue(cosine(empty, ours.embed(" \t\n  ")) > 0.999999, "blanks tokenise to nothing");
        assertThrows(IllegalArgumentException.class, () -> langchain4j.embed(""));
        assertThrows(IllegalArgumentException.class, () -> langchain4j.embed(TextSegment.from(" \t\n  ")));
    }

    static double cosine(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /** langchain4j's pipeline, unchanged, with tokenizer.json's truncation max_length set to {@code maxLength}. */
    static final class Langchain4jWithMaxLength extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        Langchain4jWithMaxLength(int maxLength) throws IOException {
            super(Runnable::run);
            ObjectMapper json = new ObjectMapper();
            ObjectNode tokenizer;
            try (InputStream in = resource(SentenceEncoder.ALL_MINILM_L6_V2_TOKENIZER)) {
                tokenizer = (ObjectNode) json.readTree(in);
            }
            ((ObjectNode) tokenizer.get("truncation")).put("max_length", maxLength);
            try (InputStream model = resource(SentenceEncoder.ALL_MINILM_L6_V2_ONNX)) {
                encoder = new OnnxBertBiEncoder(model,
                        new ByteArrayInputStream(json.writeValueAsBytes(tokenizer)), PoolingMode.MEAN);
            }
        }

        private static InputStream resource(String name) {
            return SentenceEncoderOracleTest.class.getClassLoader().getResourceAsStream(name);
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return 384;
        }
    }
}
