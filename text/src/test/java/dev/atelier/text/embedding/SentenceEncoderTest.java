package dev.atelier.text.embedding;

import static dev.atelier.text.embedding.SentenceEncoderOracleTest.cosine;
import static dev.atelier.text.embedding.SentenceEncoderOracleTest.norm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.device.Device;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The encoder's contract: meaning, shape, batching, concurrency, and typed errors for bad input. */
class SentenceEncoderTest {

    static SentenceEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = SentenceEncoder.allMiniLmL6V2();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void describesItself() {
        assertEquals(384, encoder.dimension());
        assertEquals("all-minilm-l6-v2", encoder.name());
        assertEquals(256, encoder.maxTokens());
    }

    @Test
    void countsTheTokensItReads() {
        assertEquals(2, encoder.embedCounting(List.of("")).tokens(), "[CLS] [SEP]");
        // BERT uncased WordPiece: "hello", ",", "world", "!" between [CLS] and [SEP].
        assertEquals(6, encoder.embedCounting(List.of("Hello, world!")).tokens());
        assertEquals(encoder.maxTokens(), encoder.embedCounting(List.of("word ".repeat(1000))).tokens(),
                "truncated like embed()");
        assertEquals(2 + 6, encoder.embedCounting(List.of("", "Hello, world!")).tokens(), "a batch sums its texts");
    }

    @Test
    void similarMeaningsAreCloserThanUnrelatedOnes() {
        float[] cat = encoder.embed("a cat sits on the mat");
        double kitten = cosine(cat, encoder.embed("a kitten is sitting on a rug"));
        double stocks = cosine(cat, encoder.embed("stock markets fell sharply today"));
        System.out.printf(Locale.ROOT, "semantics: cat~kitten %.3f, cat~stocks %.3f%n", kitten, stocks);
        assertTrue(kitten > stocks + 0.3, "cat~kitten " + kitten + " vs cat~stocks " + stocks);
        // Paraphrases beat topic neighbours too, not just unrelated text.
        float[] q = encoder.embed("How do I reset my password?");
        assertTrue(cosine(q, encoder.embed("I forgot my password, how can I change it?"))
                > cosine(q, encoder.embed("How do I reset my router?")));
    }

    @Test
    void embeddingsAreUnitLengthWith384Dimensions() {
        for (String text : List.of("", "x", "Unit norm, please.", SentenceEncoderOracleTest.LONG)) {
            float[] v = encoder.embed(text);
            assertEquals(384, v.length);
            assertEquals(1.0, norm(v), 1e-5, text);
            for (float x : v) {
                assertTrue(Float.isFinite(x));
            }
        }
    }

    @Test
    void batchEqualsOneByOne() {
        // Mixed lengths, so rows are padded and runs are split and reordered by length.
        List<String> texts = new ArrayList<>(SentenceEncoderOracleTest.SENTENCES);
        texts.add(SentenceEncoderOracleTest.MEDIUM);
        texts.add("");
        texts.add(SentenceEncoderOracleTest.LONG);
        texts.add("a cat sits on the mat"); // duplicates are fine
        texts.add("a cat sits on the mat");
        List<float[]> batch = encoder.embed(texts);
        assertEquals(texts.size(), batch.size());
        float worst = 0;
        for (int i = 0; i < texts.size(); i++) {
            float[] single = encoder.embed(texts.get(i));
            for (int d = 0; d < single.length; d++) {
                worst = Math.max(worst, Math.abs(single[d] - batch.get(i)[d]));
            }
        }
        System.out.printf(Locale.ROOT, "batch vs single: max |diff| %.2e over %d texts%n", worst, texts.size());
        assertTrue(worst <= 1e-5, "max |batch - single| = " + worst);
        assertEquals(List.of(), encoder.embed(List.of()));
    }

    @Test
    void manyRunsInOneCallKeepTheOrder() {
        // 200 texts are more than one ONNX run holds (64 rows).
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add("sentence number " + i + " " + "word ".repeat(i % 17));
        }
        List<float[]> batch = encoder.embed(texts);
        for (int i : new int[] {0, 63, 64, 127, 199}) {
            assertTrue(cosine(batch.get(i), encoder.embed(texts.get(i))) > 0.99999, "text " + i);
        }
    }

    @Test
    void concurrentCallsGiveTheSameResults() throws Exception {
        List<String> texts = SentenceEncoderOracleTest.SENTENCES;
        List<float[]> expected = encoder.embed(texts);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (String text : texts) {
                    futures.add(pool.submit(() -> encoder.embed(text)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                float[] got = futures.get(i).get();
                float[] want = expected.get(i % texts.size());
                for (int d = 0; d < got.length; d++) {
                    assertEquals(want[d], got[d], 1e-5f);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badInputsAreTypedErrors() {
        invalid(() -> encoder.embed((String) null), "input text is missing");
        invalid(() -> encoder.embed((List<String>) null), "input is missing");
        invalid(() -> encoder.embed(Arrays.asList("ok", null)), "input[1] is missing");
        invalid(() -> encoder.embed(Collections.nCopies(SentenceEncoder.MAX_BATCH_SIZE + 1, "x")),
                "input has 2049 texts; at most 2048 per call");
        invalid(() -> encoder.embed("y".repeat(SentenceEncoder.MAX_TOTAL_CHARS + 1)),
                "input has 4,000,001 characters in all; at most 4,000,000 per call");
        invalid(() -> encoder.embed(Collections.nCopies(2, "z".repeat(SentenceEncoder.MAX_TOTAL_CHARS / 2 + 1))),
                "characters in all");
        AtelierException e = assertThrows(AtelierException.class, () -> SentenceEncoder.builder().optMaxTokens(513));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("maxTokens", e.param());
    }

    @Test
    void aGpuTheMachineOrRuntimeLacksIsATypedError() {
        // No GPU: NOT_FOUND (from Devices); a GPU but the CPU-only ONNX Runtime jar: UNAVAILABLE.
        AtelierException e = assertThrows(AtelierException.class,
                () -> SentenceEncoder.builder().optDevice(Device.gpu(7)).build());
        assertTrue(e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.UNAVAILABLE, e.code() + ": " + e.getMessage());
        assertEquals("device", e.param());
    }

    @Test
    void aClosedEncoderIsUnavailable() {
        SentenceEncoder other = SentenceEncoder.builder().optMaxTokens(32).build();
        assertEquals(384, other.embed("before close").length);
        other.close();
        other.close(); // idempotent
        AtelierException e = assertThrows(AtelierException.class, () -> other.embed("after close"));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
    }

    private static void invalid(Executable call, String message) {
        AtelierException e = assertThrows(AtelierException.class, call);
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("input", e.param());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
