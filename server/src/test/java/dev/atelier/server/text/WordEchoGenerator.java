package dev.atelier.server.text;

import dev.atelier.server.ModelBinding;
import dev.atelier.text.tokenizer.ChatMessage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test-only text engine: its "tokens" are the words of the prompt (for a chat, of the last
 * message), given back one per step after {@code stepMillis}, the first one bare and the others
 * with their leading space. It counts its steps, notes when it was stopped by the sink, and can be
 * told to fail after a number of words. The real thing under test is the gateway around it:
 * {@link TextGenerationHandler}, the worker, the routes.
 */
public final class WordEchoGenerator implements TextGenerator {
    final long stepMillis;
    final int failAfter;
    final AtomicInteger steps = new AtomicInteger();
    final AtomicLong lastStepNanos = new AtomicLong();
    volatile CountDownLatch finished = new CountDownLatch(1);
    volatile Throwable stoppedBy;

    WordEchoGenerator(long stepMillis, int failAfter) {
        this.stepMillis = stepMillis;
        this.failAfter = failAfter;
    }

    public WordEchoGenerator(long stepMillis) {
        this(stepMillis, -1);
    }

    public ModelBinding binding() {
        return new ModelBinding(Set.of(TextGenerationHandler.TASK),
                (model, device) -> new TextGenerationHandler(this, null));
    }

    static List<String> words(TextGenerationParams params) {
        String source = params.chat() ? params.messages().get(params.messages().size() - 1).content() : params.prompt();
        return List.of(source.strip().split("\\s+"));
    }

    @Override
    public Generation generate(TextGenerationParams params, TokenSink sink) throws Exception {
        List<String> words = words(params);
        int promptTokens = params.chat()
                ? params.messages().stream().map(ChatMessage::content).mapToInt(c -> c.split("\\s+").length).sum()
                : words.size();
        int produced = 0;
        try {
            for (String word : words) {
                if (produced == params.maxTokens()) {
                    return new Generation(promptTokens, produced, false);
                }
                if (produced == failAfter) {
                    throw new IllegalStateException("engine failure at /secret/path/model.gguf");
                }
                Thread.sleep(stepMillis);
                steps.incrementAndGet();
                lastStepNanos.set(System.nanoTime());
                produced++;
                if (!sink.accept(produced == 1 ? word : " " + word)) {
                    return new Generation(promptTokens, produced, false);
                }
            }
            return new Generation(promptTokens, produced, true);
        } catch (RuntimeException | Error e) {
            stoppedBy = e;
            throw e;
        } finally {
            finished.countDown();
        }
    }
}
