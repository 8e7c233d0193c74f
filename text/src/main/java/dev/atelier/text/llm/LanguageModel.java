package dev.atelier.text.llm;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.Progress;
import dev.atelier.core.progress.ProgressListener;
import dev.atelier.text.convert.HfFolderCache;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.kernel.Parallel;
import dev.atelier.text.tokenizer.ChatTemplate;
import dev.atelier.text.tokenizer.Tokenizer;
import dev.atelier.text.tokenizer.Tokenizers;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A causal language model loaded from a GGUF file: configuration from its metadata, weights
 * repacked for the SIMD kernels, its tokenizer and chat template when the file has them. The
 * model is immutable and shared; each generation stream brings its own {@link KvCache}, so several
 * streams may run at once on one model.
 *
 * <pre>{@code
 * try (LanguageModel m = LanguageModel.load(Path.of("model.gguf"))) {
 *     KvCache cache = m.newCache();
 *     float[] logits = m.forward(m.tokenizer().encode("Hello", false, true), cache, false);
 * }
 * }</pre>
 */
public final class LanguageModel implements AutoCloseable {

    /** Most tokens run through the matrices at once; longer prompts are run in slices of this size. */
    static final int MAX_BATCH = 256;

    private final String name;
    private final ModelConfig config;
    private final ModelWeights weights;
    private final Tokenizer tokenizer;
    private final ChatTemplate chatTemplate;
    private final Forward forward;
    private final Parallel parallel;

    private LanguageModel(String name, ModelConfig config, ModelWeights weights, Tokenizer tokenizer,
            ChatTemplate chatTemplate, Parallel parallel) {
        this.name = name;
        this.config = config;
        this.weights = weights;
        this.tokenizer = tokenizer;
        this.chatTemplate = chatTemplate;
        this.parallel = parallel;
        this.forward = switch (config.architecture()) {
            case LLAMA, QWEN2 -> new LlamaForward(config, weights);
            case GPT2 -> new Gpt2Forward(config, weights);
        };
    }

    /** Loads a GGUF model using every core. */
    public static LanguageModel load(Path gguf) {
        return load(gguf, Runtime.getRuntime().availableProcessors());
    }

    /** Loads a GGUF model whose kernels run on {@code threads} threads. */
    public static LanguageModel load(Path gguf, int threads) {
        return load(gguf, threads, ProgressListener.NONE);
    }

    /**
     * Loads a GGUF model, reporting the bytes of weights loaded to {@code progress} (task "load NAME").
     * {@code gguf} may also be a Hugging Face folder (config.json + safetensors + tokenizer.json): it
     * is converted once into a cached GGUF of the same precision ({@link HfFolderCache}).
     */
    public static LanguageModel load(Path gguf, int threads, ProgressListener progress) {
        Objects.requireNonNull(gguf, "gguf");
        if (HfFolderCache.isHfFolder(gguf)) {
            LanguageModel model = load(GgufFile.open(HfFolderCache.gguf(gguf, progress)),
                    String.valueOf(gguf.toAbsolutePath().getFileName()), threads, progress);
            return model;
        }
        GgufFile file = GgufFile.open(gguf);
        String fileName = String.valueOf(gguf.getFileName());
        return load(file, fileName.endsWith(".gguf") ? fileName.substring(0, fileName.length() - 5) : fileName, threads,
                progress);
    }

    /** Builds the model from an opened GGUF file (the weights are copied out of it once). */
    public static LanguageModel load(GgufFile file, String name, int threads) {
        return load(file, name, threads, ProgressListener.NONE);
    }

    /** As {@link #load(GgufFile, String, int)}, reporting the bytes of weights loaded to {@code listener}. */
    public static LanguageModel load(GgufFile file, String name, int threads, ProgressListener listener) {
        Objects.requireNonNull(listener, "listener");
        ModelConfig config = ModelConfig.fromGguf(file);
        Parallel parallel = new Parallel(threads);
        long total = 0;
        for (var t : file.tensors()) {
            total += t.rank() >= 2 ? t.byteSize() : 0;
        }
        try (Progress progress = Progress.start("load " + name, total, "bytes", listener)) {
            ModelWeights weights = ModelWeights.load(file, config, progress);
            Tokenizer tokenizer = file.metadata().contains("tokenizer.ggml.model") ? Tokenizers.fromGguf(file) : null;
            ChatTemplate template = ChatTemplate.detect(file.metadata().optString("tokenizer.chat_template").orElse(null))
                    .orElse(null);
            return new LanguageModel(name, config, weights, tokenizer, template, parallel);
        } catch (RuntimeException e) {
            parallel.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public ModelConfig config() {
        return config;
    }

    public ModelWeights weights() {
        return weights;
    }

    /** The number of threads the kernels run on. */
    public int threads() {
        return parallel.threads();
    }

    /** The tokenizer stored in the file; UNAVAILABLE when the file has none. */
    public Tokenizer tokenizer() {
        if (tokenizer == null) {
            throw AtelierException.unavailable("model " + AtelierException.quote(name) + " has no tokenizer in its file");
        }
        return tokenizer;
    }

    /** The chat template the file declares, when it is one the engine knows (Llama 3, ChatML). */
    public Optional<ChatTemplate> chatTemplate() {
        return Optional.ofNullable(chatTemplate);
    }

    /** A fresh, empty cache for one generation stream. */
    public KvCache newCache() {
        return new KvCache(config.blockCount(), config.kvDim(), config.contextLength(), 256);
    }

    /**
     * Runs {@code tokens} at the next positions of {@code cache} (all of them in one batch) and
     * returns the logits of the last token, or of every token ({@code [tokens][vocab]}) with
     * {@code allLogits}. Going past the context length, an empty or out-of-vocabulary token is
     * INVALID_ARGUMENT; the cache is then left as it was.
     */
    public float[] forward(int[] tokens, KvCache cache, boolean allLogits) {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(cache, "cache");
        check(tokens, cache);
        if (tokens.length <= MAX_BATCH) {
            return forward.forward(tokens, new Batch(new KvCache[] {cache}, new int[] {tokens.length}), allLogits, parallel);
        }
        // Long prompts go through in slices, so activation buffers stay bounded.
        float[] logits = allLogits ? new float[Math.multiplyExact(tokens.length, config.vocabularySize())] : null;
        float[] last = null;
        for (int from = 0; from < tokens.length; from += MAX_BATCH) {
            int[] slice = java.util.Arrays.copyOfRange(tokens, from, Math.min(tokens.length, from + MAX_BATCH));
            last = forward.forward(slice, new Batch(new KvCache[] {cache}, new int[] {slice.length}), allLogits, parallel);
            if (allLogits) {
                System.arraycopy(last, 0, logits, from * config.vocabularySize(), last.length);
            }
        }
        return allLogits ? logits : last;
    }

    /**
     * One decode step of several sequences at once: {@code tokens[s]} goes at the next position of
     * {@code caches.get(s)}. The weight matmuls run over the whole batch (the weights are read once
     * for all sequences, which is where batching gains on a memory-bound machine); attention runs
     * per sequence. Returns each sequence's logits; they equal {@link #forward} of each sequence
     * alone up to float rounding. Errors as in {@link #forward}, plus INVALID_ARGUMENT for a cache
     * given twice or more than {@value #MAX_BATCH} sequences; the caches are then left as they were.
     */
    public float[][] decode(int[] tokens, List<KvCache> caches) {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(caches, "caches");
        if (tokens.length != caches.size() || tokens.length == 0 || tokens.length > MAX_BATCH) {
            throw AtelierException.invalidArgument("tokens", "a decode step takes one token for each of 1 to " + MAX_BATCH
                    + " caches, not " + tokens.length + " tokens for " + caches.size() + " caches");
        }
        java.util.Set<KvCache> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int s = 0; s < tokens.length; s++) {
            KvCache cache = Objects.requireNonNull(caches.get(s), "cache");
            if (!seen.add(cache)) {
                throw AtelierException.invalidArgument("caches", "the same cache is given twice in one decode step");
            }
            check(new int[] {tokens[s]}, cache);
        }
        int[] ones = new int[tokens.length];
        java.util.Arrays.fill(ones, 1);
        float[] logits = forward.forward(tokens, new Batch(caches.toArray(KvCache[]::new), ones), false, parallel);
        int vocab = config.vocabularySize();
        float[][] out = new float[tokens.length][];
        for (int s = 0; s < tokens.length; s++) {
            out[s] = java.util.Arrays.copyOfRange(logits, s * vocab, (s + 1) * vocab);
        }
        return out;
    }

    // Validates tokens for the next positions of cache.
    private void check(int[] tokens, KvCache cache) {
        if (tokens.length == 0) {
            throw AtelierException.invalidArgument("tokens", "no tokens to run");
        }
        if (cache.maxPositions() != config.contextLength()) {
            throw AtelierException.invalidArgument("cache", "the cache belongs to another model");
        }
        if ((long) cache.length() + tokens.length > config.contextLength()) {
            throw AtelierException.invalidArgument("tokens", "the sequence would reach " + (cache.length() + (long) tokens.length)
                    + " tokens, past the context length of " + config.contextLength() + " tokens of model "
                    + AtelierException.quote(name));
        }
        for (int t : tokens) {
            if (t < 0 || t >= config.vocabularySize()) {
                throw AtelierException.invalidArgument("tokens", "token id " + t + " is outside the vocabulary of "
                        + config.vocabularySize());
            }
        }
    }

    @Override
    public void close() {
        parallel.close();
    }

    @Override
    public String toString() {
        return "LanguageModel[" + name + ", " + config.architecture().ggufName() + ", " + config.blockCount() + " blocks × "
                + config.embeddingLength() + ", vocab " + config.vocabularySize() + "]";
    }
}
