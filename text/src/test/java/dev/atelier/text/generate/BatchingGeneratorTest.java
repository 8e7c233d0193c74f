package dev.atelier.text.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.text.llm.Architecture;
import dev.atelier.text.llm.LanguageModel;
import dev.atelier.text.llm.RandomModelWriter;
import dev.atelier.text.tensor.GgmlType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
 * Requests run together in one batch give the text each gives alone on the unbatched
 * {@link TextGenerator} (same seeds, stop strings, limits), while joining and leaving the batch at
 * different times; cancellation still stops a stream within one token without disturbing the others.
 */
class BatchingGeneratorTest {

    @TempDir
    static Path dir;

    static LanguageModel model;
    static TextGenerator alone;
    static BatchingGenerator batching;

    @BeforeAll
    static void load() {
        Path file = dir.resolve("tiny.gguf");
        RandomModelWriter.write(new RandomModelWriter.Shape(Architecture.QWEN2, 64, 2, 4, 2, 128, 300, 128, true, false),
                GgmlType.Q8_0, 17, true, false, file);
        model = LanguageModel.load(file, 2);
        alone = new TextGenerator(model);
        batching = new BatchingGenerator(model, 8);
    }

    @AfterAll
    static void close() {
        batching.close();
        model.close();
    }

    static List<GenerationRequest> requests() {
        List<GenerationRequest> out = new ArrayList<>();
        String[] prompts = {"the cat", "hello there, how are you", "a", "in the end the", "we went", "that is not what"};
        for (int i = 0; i < prompts.length; i++) {
            GenerationRequest.Builder b = GenerationRequest.builder().setPrompt(prompts[i]).optMaxTokens(6 + 5 * i);
            if (i % 2 == 0) {
                b.optSeed(100 + i).optTemperature(0.9f).optTopK(40);
            } else {
                b.optGreedy();
            }
            if (i == 3) {
                b.optStop(List.of("e"));
            }
            out.add(b.build());
        }
        return out;
    }

    @Test
    void concurrentRequestsGiveTheirUnbatchedText() throws Exception {
        List<GenerationRequest> requests = requests();
        List<GenerationResult> expected = new ArrayList<>();
        for (GenerationRequest r : requests) {
            expected.add(alone.generate(r, GenerationListener.NONE));
        }
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<GenerationResult>> got = new ArrayList<>();
            List<StringBuilder> streamed = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                GenerationRequest r = requests.get(i);
                StringBuilder text = new StringBuilder();
                streamed.add(text);
                int delay = 3 * i; // staggered arrivals: later requests join a batch already running
                got.add(pool.submit(() -> {
                    Thread.sleep(delay);
                    return batching.generate(r, text::append);
                }));
            }
            for (int i = 0; i < requests.size(); i++) {
                GenerationResult result = got.get(i).get();
                assertEquals(expected.get(i), result, "request " + i);
                assertEquals(result.text(), streamed.get(i).toString(), "request " + i + " streamed text");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cancellationStopsOneStreamWithinOneTokenAndSparesTheOthers() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicInteger piecesAfter = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        GenerationRequest other = GenerationRequest.builder().setPrompt("we went").optGreedy().optMaxTokens(40).build();
        GenerationResult expectedOther = alone.generate(other, GenerationListener.NONE);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<GenerationResult> victim = pool.submit(() -> batching.generate(GenerationRequest.builder()
                    .setPrompt("the cat").optGreedy().optMaxTokens(100).optCancel(cancelled::get).build(), piece -> {
                        if (cancelled.get()) {
                            piecesAfter.incrementAndGet();
                        }
                        started.countDown();
                        cancelled.set(true);
                    }));
            Future<GenerationResult> survivor = pool.submit(() -> batching.generate(other, GenerationListener.NONE));
            GenerationResult v = victim.get();
            assertEquals(FinishReason.CANCELLED, v.finishReason());
            assertEquals(0, piecesAfter.get(), "nothing reaches the listener after the signal");
            assertTrue(v.completionTokens() <= 2, "stopped within one token: " + v.completionTokens());
            assertEquals(expectedOther, survivor.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badRequestsFailInTheCallerAndClosedGeneratorsRefuse() {
        GenerationRequest tooLong = GenerationRequest.builder().setPrompt("x ".repeat(200)).build();
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(AtelierException.class, () -> batching.generate(tooLong, GenerationListener.NONE)).code());
        BatchingGenerator closed = new BatchingGenerator(model, 2);
        closed.close();
        assertEquals(ErrorCode.UNAVAILABLE, assertThrows(AtelierException.class,
                () -> closed.generate(GenerationRequest.builder().setPrompt("a").build(), GenerationListener.NONE)).code());
        assertThrows(AtelierException.class, () -> new BatchingGenerator(model, 0));
    }
}
