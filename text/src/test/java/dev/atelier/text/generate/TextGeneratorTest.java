package dev.atelier.text.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.text.llm.Architecture;
import dev.atelier.text.llm.KvCache;
import dev.atelier.text.llm.LanguageModel;
import dev.atelier.text.llm.RandomModelWriter;
import dev.atelier.text.tensor.GgmlType;
import dev.atelier.text.tokenizer.ChatMessage;
import dev.atelier.text.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokenizer + model + sampler end to end on a small random Llama with a byte-level BPE vocabulary
 * and a ChatML template: greedy decoding equals the argmax loop over the model's logits, seeds
 * reproduce text, stop strings cut it, cancellation stops within one token, limits are enforced.
 */
class TextGeneratorTest {

    private static final int CONTEXT = 64;

    @TempDir
    static Path dir;

    static LanguageModel model;
    static TextGenerator generator;

    @BeforeAll
    static void load() {
        Path file = dir.resolve("tiny.gguf");
        RandomModelWriter.write(new RandomModelWriter.Shape(Architecture.LLAMA, 64, 2, 4, 2, 128, 300, CONTEXT, false, false),
                GgmlType.Q8_0, 99, true, false, file);
        model = LanguageModel.load(file, 2);
        generator = new TextGenerator(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static GenerationRequest.Builder prompt(String text) {
        return GenerationRequest.builder().setPrompt(text);
    }

    @Test
    void greedyTextIsTheArgmaxLoopOverTheModelsLogits() {
        Tokenizer tok = model.tokenizer();
        int[] prompt = tok.encode("the cat sat on the mat", false, tok.addBos());
        KvCache cache = model.newCache();
        float[] logits = model.forward(prompt, cache, false);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int next = 0;
            for (int j = 1; j < logits.length; j++) {
                next = logits[j] > logits[next] ? j : next;
            }
            if (tok.tokenType(next).isSpecial()) {
                break;
            }
            expected.add(next);
            logits = model.forward(new int[] {next}, cache, false);
        }
        String reference = tok.decode(expected.stream().mapToInt(Integer::intValue).toArray(), true);

        StringBuilder streamed = new StringBuilder();
        GenerationResult r = generator.generate(prompt("the cat sat on the mat").optGreedy().optMaxTokens(expected.size()).build(),
                streamed::append);
        assertEquals(reference, r.text());
        assertEquals(r.text(), streamed.toString(), "the streamed pieces add up to the text");
        assertEquals(prompt.length, r.promptTokens());
        assertEquals(expected.size(), r.completionTokens());
        assertEquals(r, generator.generate(prompt("the cat sat on the mat").optGreedy().optMaxTokens(expected.size()).build(),
                GenerationListener.NONE), "greedy decoding is deterministic");
    }

    @Test
    void theSameSeedGivesTheSameTextAndOtherSeedsOtherTexts() {
        GenerationResult a = generator.generate(prompt("hello").optTemperature(1.2f).optSeed(5).optMaxTokens(20).build(),
                GenerationListener.NONE);
        GenerationResult b = generator.generate(prompt("hello").optTemperature(1.2f).optSeed(5).optMaxTokens(20).build(),
                GenerationListener.NONE);
        assertEquals(a, b);
        Set<String> texts = new HashSet<>();
        for (long seed = 6; seed < 10; seed++) {
            texts.add(generator.generate(prompt("hello").optTemperature(1.2f).optSeed(seed).optMaxTokens(20).build(),
                    GenerationListener.NONE).text());
        }
        texts.add(a.text());
        assertTrue(texts.size() > 1, "different seeds sample different texts: " + texts);
    }

    @Test
    void generationStopsBeforeAStopStringAndNeverStreamsIt() {
        String full = generator.generate(prompt("in the end").optGreedy().optMaxTokens(30).build(), GenerationListener.NONE).text();
        assertTrue(full.length() > 12, "needs some text to cut: " + full);
        String stop = full.substring(8, 11);
        String expected = full.substring(0, full.indexOf(stop));
        StringBuilder streamed = new StringBuilder();
        GenerationResult r = generator.generate(prompt("in the end").optGreedy().optMaxTokens(30).optStop(List.of("\u0000never", stop))
                .build(), streamed::append);
        assertEquals(expected, r.text());
        assertEquals(expected, streamed.toString());
        assertEquals(FinishReason.STOP, r.finishReason());
    }

    @Test
    void cancellationStopsWithinOneToken() {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicInteger pieces = new AtomicInteger();
        GenerationResult r = generator.generate(prompt("once upon a time").optTemperature(1f).optSeed(1).optMaxTokens(40)
                .optCancel(cancelled::get).build(), piece -> {
                    if (pieces.incrementAndGet() == 3) {
                        cancelled.set(true);
                    }
                });
        assertEquals(FinishReason.CANCELLED, r.finishReason());
        assertEquals(3, pieces.get(), "no text after the signal");
        assertTrue(r.completionTokens() <= 3 + 1, "at most the token in flight: " + r.completionTokens());

        GenerationResult before = generator.generate(prompt("x").optCancel(() -> true).build(), GenerationListener.NONE);
        assertEquals(new GenerationResult("", before.promptTokens(), 0, FinishReason.CANCELLED), before);
    }

    @Test
    void maxTokensAndTheContextLengthEndWithLength() {
        GenerationResult r = generator.generate(prompt("abc").optGreedy().optMaxTokens(5).optStop(List.of("\u0000")).build(),
                GenerationListener.NONE);
        if (r.finishReason() == FinishReason.LENGTH) {
            assertEquals(5, r.completionTokens());
        }
        int[] tokens = model.tokenizer().encode("abc", false, model.tokenizer().addBos());
        GenerationResult full = generator.generate(prompt("abc").optTemperature(2f).optTopK(0).optTopP(1f).optMinP(0f)
                .optSeed(3).optMaxTokens(1000).build(), GenerationListener.NONE);
        assertTrue(full.completionTokens() <= CONTEXT - tokens.length);
        if (full.finishReason() == FinishReason.LENGTH) {
            assertEquals(CONTEXT - tokens.length, full.completionTokens(), "generation fills the context, not more");
        }
    }

    @Test
    void aPromptPastTheContextLengthIsAnInvalidArgumentNamingTheLimit() {
        AtelierException e = assertThrows(AtelierException.class, () -> generator.generate(
                prompt("word ".repeat(200)).build(), GenerationListener.NONE));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains(String.valueOf(CONTEXT)), e.getMessage());

        KvCache cache = model.newCache();
        AtelierException direct = assertThrows(AtelierException.class, () -> model.forward(new int[CONTEXT + 1], cache, false));
        assertEquals(ErrorCode.INVALID_ARGUMENT, direct.code());
        assertTrue(direct.getMessage().contains("context length of " + CONTEXT), direct.getMessage());
        assertEquals(0, cache.length(), "a refused call leaves the cache as it was");
        AtelierException badToken = assertThrows(AtelierException.class, () -> model.forward(new int[] {300}, cache, false));
        assertEquals(ErrorCode.INVALID_ARGUMENT, badToken.code());
    }

    @Test
    void chatRequestsUseTheModelsTemplate() {
        GenerationRequest chat = GenerationRequest.builder().setMessages(List.of(ChatMessage.user("hi there"))).optGreedy()
                .optMaxTokens(4).build();
        Tokenizer tok = model.tokenizer();
        int imStart = tok.tokenId("<|im_start|>").getAsInt();
        int[] expected = tok.encode("<|im_start|>user\nhi there<|im_end|>\n<|im_start|>assistant\n", true, false);
        assertArrayEquals(expected, generator.promptTokens(chat));
        assertEquals(imStart, expected[0]);
        GenerationResult r = generator.generate(chat, GenerationListener.NONE);
        assertEquals(expected.length, r.promptTokens());
    }

    @Test
    void streamsRunInParallelOnOneModelWithoutInterfering() throws Exception {
        GenerationRequest request = prompt("parallel").optTemperature(1f).optSeed(77).optMaxTokens(24).build();
        GenerationResult alone = generator.generate(request, GenerationListener.NONE);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<GenerationResult>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(pool.submit(() -> generator.generate(request, GenerationListener.NONE)));
            }
            for (Future<GenerationResult> f : futures) {
                assertEquals(alone, f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertNotEquals("", alone.text());
    }
}
