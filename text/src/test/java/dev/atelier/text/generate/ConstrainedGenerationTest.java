package dev.atelier.text.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.text.llm.Architecture;
import dev.atelier.text.llm.KvCache;
import dev.atelier.text.llm.LanguageModel;
import dev.atelier.text.llm.RandomModelWriter;
import dev.atelier.text.sampling.TextConstraint;
import dev.atelier.text.sampling.TextTokenConstraint;
import dev.atelier.text.sampling.TokenConstraint;
import dev.atelier.text.tensor.GgmlType;
import dev.atelier.text.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Constrained decoding on a small random GPT-2 with a byte-level vocabulary (whose random logits
 * favour no text in particular): the constraint's tokens are the only ones generated, a constraint
 * that allows everything changes nothing, greedy decoding is the argmax over the allowed tokens,
 * and characters split across byte tokens come out whole.
 */
class ConstrainedGenerationTest {

    private static final int CONTEXT = 96;

    @TempDir
    static Path dir;

    static LanguageModel model;
    static TextGenerator generator;

    @BeforeAll
    static void load() {
        Path file = dir.resolve("tiny-gpt2.gguf");
        RandomModelWriter.write(new RandomModelWriter.Shape(Architecture.GPT2, 64, 2, 4, 4, 128, 300, CONTEXT, false, false),
                GgmlType.F32, 7, true, false, file);
        model = LanguageModel.load(file, 1);
        generator = new TextGenerator(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Characters from {@code lo} to {@code hi} but {@code except}; may end anywhere when {@code mayEnd}. Stateless. */
    private record CharRule(int lo, int hi, int except, boolean mayEnd) implements TextConstraint {
        static CharRule digits() {
            return new CharRule('0', '9', -1, false);
        }

        @Override
        public boolean advance(CharSequence text) {
            return text.codePoints().allMatch(c -> c >= lo && c <= hi && c != except);
        }

        @Override
        public boolean mayContinueWith(int from, int to) {
            return Math.max(from, lo) <= Math.min(to, hi) && !(from == to && from == except);
        }

        @Override
        public TextConstraint copy() {
            return this;
        }
    }

    /** The letters of {@code letters} only, never ending. */
    private record Letters(String letters) implements TextConstraint {
        @Override
        public boolean advance(CharSequence text) {
            return text.chars().allMatch(c -> letters.indexOf(c) >= 0);
        }

        @Override
        public boolean mayEnd() {
            return false;
        }

        @Override
        public boolean mayContinueWith(int from, int to) {
            return false; // ASCII letters only
        }

        @Override
        public TextConstraint copy() {
            return this;
        }
    }

    private static GenerationResult generate(long seed, float temperature, TextConstraint rule) {
        GenerationRequest.Builder b = GenerationRequest.builder().setPrompt("the number is ").optSeed(seed)
                .optTemperature(temperature).optMaxTokens(40);
        if (rule != null) {
            b.optConstraint(TextTokenConstraint.factory(rule));
        }
        return generator.generate(b.build(), GenerationListener.NONE);
    }

    @Test
    void aDigitsOnlyConstraintWritesOnlyDigits() {
        for (long seed = 1; seed <= 5; seed++) {
            for (float t : new float[] {0f, 0.8f, 1.5f}) {
                GenerationResult r = generate(seed, t, CharRule.digits());
                assertEquals(FinishReason.LENGTH, r.finishReason(), "no end token where the rule may not end");
                assertEquals(40, r.text().length(), "one digit per byte token: " + r.text());
                assertTrue(r.text().chars().allMatch(Character::isDigit), r.text());
            }
        }
        // The model left alone writes other things: the constraint did the work.
        assertFalse(generate(1, 0.8f, null).text().chars().allMatch(Character::isDigit));
    }

    @Test
    void aConstraintThatAllowsEverythingChangesNothing() {
        for (long seed = 1; seed <= 6; seed++) {
            for (float t : new float[] {0f, 0.8f, 1.5f}) {
                assertEquals(generate(seed, t, null), generate(seed, t, new CharRule(0, Character.MAX_CODE_POINT, -1, true)), "seed " + seed + ", t " + t);
            }
        }
    }

    /** Greedy decoding under a constraint equals an independent loop: the argmax of the model's logits over the tokens whose bytes are vowels. */
    @Test
    void greedyIsTheArgmaxOverTheAllowedTokens() {
        Tokenizer tok = model.tokenizer();
        String vowels = "aeiou";
        int[] prompt = tok.encode("the number is ", false, tok.addBos());
        KvCache cache = model.newCache();
        float[] logits = model.forward(prompt, cache, false);
        StringBuilder expected = new StringBuilder();
        for (int step = 0; step < 20; step++) {
            int best = -1;
            for (int id = 0; id < logits.length; id++) {
                String s = new String(tok.tokenBytes(id), StandardCharsets.ISO_8859_1);
                boolean allowed = !tok.tokenType(id).isSpecial() && !s.isEmpty() && s.chars().allMatch(c -> vowels.indexOf(c) >= 0);
                if (allowed && (best < 0 || logits[id] > logits[best])) {
                    best = id;
                }
            }
            expected.append(new String(tok.tokenBytes(best), StandardCharsets.UTF_8));
            logits = model.forward(new int[] {best}, cache, false);
        }
        GenerationResult r = generator.generate(GenerationRequest.builder().setPrompt("the number is ").optGreedy().optMaxTokens(20)
                .optConstraint(TextTokenConstraint.factory(new Letters(vowels))).build(),
                GenerationListener.NONE);
        assertEquals(expected.toString(), r.text());
    }

    /** Only characters from U+0400 up: the byte tokens must form whole characters in that range, never U+FFFD. */
    @Test
    void charactersSplitAcrossByteTokensComeOutWhole() {
        for (long seed = 1; seed <= 4; seed++) {
            StringBuilder streamed = new StringBuilder();
            GenerationResult r = generator.generate(GenerationRequest.builder().setPrompt("the number is ").optSeed(seed)
                    .optTemperature(1.5f).optMaxTokens(60)
                    .optConstraint(TextTokenConstraint.factory(new CharRule(0x400, Character.MAX_CODE_POINT, 0xFFFD, false))).build(),
                    streamed::append);
            assertEquals(r.text(), streamed.toString());
            // The token limit may cut the last character, which the stream then ends with U+FFFD.
            String whole = r.text().endsWith("\uFFFD") ? r.text().substring(0, r.text().length() - 1) : r.text();
            assertTrue(whole.length() >= 14, "60 byte tokens make 15 to 30 characters: " + r.text());
            assertTrue(whole.codePoints().allMatch(c -> c >= 0x400 && c != 0xFFFD), r.text());
        }
    }

    @Test
    void aConstraintThatAllowsNothingIsATypedError() {
        TokenConstraint none = new TokenConstraint() {
            @Override
            public void allowed(BitSet allowed) {
            }

            @Override
            public void accept(int token) {
            }
        };
        AtelierException e = assertThrows(AtelierException.class, () -> generator.generate(GenerationRequest.builder()
                .setPrompt("x").optConstraint(t -> none).build(), GenerationListener.NONE));
        assertEquals(ErrorCode.INTERNAL, e.code());
    }

    /** The batching generator samples through the same streams, so the constraint holds there too. */
    @Test
    void batchedStreamsAreConstrainedToo() throws Exception {
        try (BatchingGenerator batching = new BatchingGenerator(model, 4)) {
            GenerationResult r = batching.generate(GenerationRequest.builder().setPrompt("the number is ").optSeed(3)
                    .optMaxTokens(24).optConstraint(TextTokenConstraint.factory(CharRule.digits())).build(),
                    GenerationListener.NONE);
            assertEquals(24, r.text().length());
            assertTrue(r.text().chars().allMatch(Character::isDigit), r.text());
        }
    }
}
