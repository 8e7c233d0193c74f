package dev.atelier.text.train.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.text.SharedTestData;
import dev.atelier.text.generate.GenerationRequest;
import dev.atelier.text.generate.GenerationResult;
import dev.atelier.text.generate.TextGenerator;
import dev.atelier.text.llm.KvCache;
import dev.atelier.text.llm.LanguageModel;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The committed default text model as trained (DJL) and as served (the pure-Java engine) must be
 * the same function: the engine's logits for a prompt and for 20 greedily decoded steps equal
 * DJL's forward pass of the same GGUF within the engine issue's tolerance (relative L2 ≤ 1e-4).
 */
class ShakespeareEngineTest {
    static final double TOLERANCE = 1e-4;

    @Test
    void engineLogitsEqualDjlOnTheDefaultModel() {
        Path model = SharedTestData.repoRoot().resolve("models/shakespeare-gpt/model.gguf");
        NativeRuntime.configure();
        try (LanguageModel engine = LanguageModel.load(model);
                NDManager manager = NDManager.newBaseManager()) {
            GgufGpt reference = GgufGpt.load(model, manager);
            int vocab = engine.config().vocabularySize();
            int[] tokens = reference.tokenizer().encode("ROMEO:\nWhat light through yonder window");
            KvCache cache = engine.newCache();
            float[] logits = engine.forward(tokens, cache, false);
            int[] sequence = Arrays.copyOf(tokens, tokens.length + 20);
            int length = tokens.length;
            for (int step = 0; step <= 20; step++) {
                float[] all = reference.logits(Arrays.copyOf(sequence, length), manager);
                float[] expected = Arrays.copyOfRange(all, (length - 1) * vocab, length * vocab);
                double error = relativeL2(logits, expected);
                assertTrue(error <= TOLERANCE, "step " + step + ": relative L2 error " + error);
                if (step == 20) {
                    break;
                }
                int next = argmax(expected);
                sequence[length++] = next;
                logits = engine.forward(new int[] {next}, cache, false);
            }
        }
    }

    @Test
    void romeoPromptGivesShakespeareLikeLines() {
        Path model = SharedTestData.repoRoot().resolve("models/shakespeare-gpt/model.gguf");
        try (LanguageModel engine = LanguageModel.load(model)) {
            GenerationResult r = new TextGenerator(engine).generate(GenerationRequest.builder().setPrompt("ROMEO:")
                    .optMaxTokens(60).optSeed(7).build(), piece -> { });
            assertTrue(r.completionTokens() >= 20, "generated " + r.completionTokens() + " tokens: " + r.text());
            // Written English of the play's kind: mostly letters and spaces, several lines.
            long letters = r.text().chars().filter(c -> Character.isLetter(c) || c == ' ').count();
            assertTrue(letters >= 0.7 * r.text().length(), r.text());
            assertTrue(r.text().contains("\n"), r.text());
        }
    }

    @Test
    void aChatWithTheBaseModelContinuesItAsPlainText() {
        Path model = SharedTestData.repoRoot().resolve("models/shakespeare-gpt/model.gguf");
        try (LanguageModel engine = LanguageModel.load(model)) {
            TextGenerator generator = new TextGenerator(engine);
            GenerationRequest chat = GenerationRequest.builder()
                    .setMessages(java.util.List.of(new dev.atelier.text.tokenizer.ChatMessage("user", "ROMEO:\nBut soft!")))
                    .optMaxTokens(10).optGreedy().build();
            GenerationRequest plain = GenerationRequest.builder().setPrompt("ROMEO:\nBut soft!\n\n")
                    .optMaxTokens(10).optGreedy().build();
            assertTrue(java.util.Arrays.equals(generator.promptTokens(plain), generator.promptTokens(chat)));
            assertTrue(generator.generate(chat, piece -> { }).text().equals(generator.generate(plain, piece -> { }).text()));
        }
    }

    static double relativeL2(float[] actual, float[] expected) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = actual[i] - expected[i];
            diff += d * d;
            norm += (double) expected[i] * expected[i];
        }
        return Math.sqrt(diff / norm);
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
