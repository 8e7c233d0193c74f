package dev.atelier.audio.compose;

import dev.atelier.audio.abc.AbcParser;
import dev.atelier.audio.abc.AbcTune;
import dev.atelier.core.error.AtelierException;
import dev.atelier.text.generate.FinishReason;
import dev.atelier.text.generate.GenerationRequest;
import dev.atelier.text.generate.GenerationResult;
import dev.atelier.text.generate.TextGenerator;
import dev.atelier.text.llm.LanguageModel;
import dev.atelier.text.sampling.TextTokenConstraint;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes new tunes with a GPT trained on {@link AbcCorpus} text: prompts with the header
 * {@code R:<style> M: L: K:}, samples until the blank line that ends a tune, and keeps the first
 * sample that {@link AbcParser} reads. By default every token is sampled under
 * {@link AbcTuneConstraint} (grammar-constrained sampling: only tokens that keep the ABC
 * well-formed and the bars of the meter's length may come); raw sampling is an option. A tune longer than the model's context is continued from
 * the tail of what was written (the model was trained on windows that start mid-tune).
 */
public final class Composer {
    /** Samplings before giving up. */
    public static final int MAX_ATTEMPTS = 8;
    /** A tune body longer than this is cut (the corpus' longest is about 1,300 characters). */
    public static final int MAX_BODY_CHARS = 2_000;
    /** Characters of the written tune that a continuation prompt carries. */
    static final int CONTINUATION_CHARS = 150;

    private final TextGenerator generator;
    private final boolean constrained;

    /** A composer that samples under {@link AbcTuneConstraint} (well-formed ABC, bars of the meter's length). */
    public Composer(LanguageModel model) {
        this(model, true);
    }

    /** {@code constrained} false samples the model's text raw, as it was measured before the grammar existed. */
    public Composer(LanguageModel model, boolean constrained) {
        this.generator = new TextGenerator(model);
        this.constrained = constrained;
    }

    /** Loads the model of a {@code model.gguf} (a GPT exported by {@code atelier text train}), constrained. */
    public static Composer load(Path gguf) {
        return load(gguf, true);
    }

    public static Composer load(Path gguf, boolean constrained) {
        return new Composer(LanguageModel.load(gguf, 1), constrained);
    }

    /** The language model (shared by composers built on it). */
    public LanguageModel model() {
        return generator.model();
    }

    public boolean constrained() {
        return constrained;
    }

    /**
     * Composes one tune. Attempt {@code i} (from 0) samples with seed {@code seed + i}.
     *
     * @param temperature sampling temperature, in (0, 2]
     * @throws AtelierException (INTERNAL) when no sample in {@link #MAX_ATTEMPTS} parses
     */
    public Composition compose(Style style, String key, long seed, float temperature) {
        String k = Style.key(key);
        if (!(temperature > 0 && temperature <= 2)) {
            throw AtelierException.invalidArgument("temperature", "temperature must be in (0, 2], got " + temperature);
        }
        String lastError = "";
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            long s = seed + attempt;
            String abc = sample(style, k, s, temperature);
            try {
                AbcTune tune = AbcParser.parseTune(abc, null);
                return new Composition(abc, tune, attempt + 1, s);
            } catch (AtelierException e) {
                lastError = e.getMessage();
            }
        }
        throw AtelierException.internal("no composed tune parsed in " + MAX_ATTEMPTS + " attempts; the last: " + lastError, null);
    }

    /** One sampled tune as ABC text (X:, T:, the header, the body), whether it parses or not. */
    public String sample(Style style, String key, long seed, float temperature) {
        String k = Style.key(key);
        String header = AbcCorpus.Tune.header(style.tag(), style.meter(), style.unitLength(), k);
        AbcTuneConstraint grammar = constrained ? AbcTuneConstraint.start(style.meter(), style.unitLength()) : null;
        return "X:1\nT:" + title(style, k, seed) + "\n" + header + body(header, grammar, seed, temperature) + "\n";
    }

    /**
     * Samples a tune body after {@code header}, continuing past the context until the blank line;
     * under {@code grammar} (null: raw) when given, whose state carries over from one round to the next.
     */
    private String body(String header, AbcTuneConstraint grammar, long seed, float temperature) {
        StringBuilder body = new StringBuilder();
        String prompt = header;
        for (int round = 0; body.length() < MAX_BODY_CHARS; round++) {
            GenerationRequest.Builder request = GenerationRequest.builder()
                    .setPrompt(prompt)
                    .optMaxTokens(generator.model().config().contextLength())
                    .optTemperature(temperature) // top-k 40, top-p 0.95, min-p 0.05: the engine's (llama.cpp's) defaults
                    .optSeed(seed * 31 + round)
                    .optStop(List.of("\n\n"));
            if (grammar != null) {
                request.optConstraint(TextTokenConstraint.factory(grammar));
            }
            GenerationResult r = generator.generate(request.build(), piece -> { });
            body.append(r.text());
            if (grammar != null && !grammar.advance(r.text())) {
                throw AtelierException.internal("the constrained sample left the ABC grammar", null);
            }
            if (r.finishReason() != FinishReason.LENGTH) {
                break;
            }
            prompt = tail(body);
        }
        String b = body.length() > MAX_BODY_CHARS ? body.substring(0, MAX_BODY_CHARS) : body.toString();
        return b.strip();
    }

    /** The last lines of the body, at most {@link #CONTINUATION_CHARS} characters, from a line start where possible. */
    static String tail(CharSequence body) {
        int from = Math.max(0, body.length() - CONTINUATION_CHARS);
        String t = body.subSequence(from, body.length()).toString();
        int nl = t.indexOf('\n');
        return nl >= 0 && nl < t.length() - 1 ? t.substring(nl + 1) : t;
    }

    private static String title(Style style, String key, long seed) {
        return "Atelier " + style.tag() + " in " + key + " (seed " + seed + ")";
    }
}
