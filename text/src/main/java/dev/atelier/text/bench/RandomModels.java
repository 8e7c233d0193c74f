package dev.atelier.text.bench;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.Progress;
import dev.atelier.core.progress.ProgressListener;
import dev.atelier.text.convert.FileType;
import dev.atelier.text.convert.Llama3RopeScaling;
import dev.atelier.text.convert.TensorEncoder;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufValue;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes random-weight GGUF models with the exact shapes and metadata of real ones (Llama-3.2-1B,
 * Qwen2.5-0.5B, GPT-2 124M), so that benchmarks run on real sizes with no download. Weights are
 * uniform with the standard deviation 0.02 of the usual initialisation, reproducible from the
 * seed; norms are near 1. The file is streamed to disk a chunk of rows at a time (a 5 GB F32
 * model needs a few MB of heap). The vocabulary is a real one when given (a GGUF holding
 * {@code tokenizer.ggml.*} of the right size), else a {@link SyntheticVocabulary} of the right size.
 */
public final class RandomModels {

    /** Where a shape's special tokens sit, and which pre-tokenizer its real tokenizer uses. */
    public record VocabularyLayout(int normalTokens, Map<Integer, String> specials, int bos, int eos, String pre) {
        public VocabularyLayout {
            specials = Map.copyOf(specials);
        }
    }

    /**
     * The hyper-parameters of a transformer, as a GGUF stores them.
     *
     * @param architecture "llama", "qwen2" or "gpt2"
     * @param qkvBias whether attention Q/K/V have biases (Qwen2)
     * @param ropeScaling Llama 3 frequency scaling, or null
     * @param tiedEmbeddings whether the output projection is the token embedding (no {@code output.weight})
     */
    public record Shape(String name, String architecture, int hidden, int layers, int heads, int kvHeads, int ffn,
                        int vocab, int context, double ropeTheta, float normEps, boolean qkvBias,
                        Llama3RopeScaling ropeScaling, boolean tiedEmbeddings, VocabularyLayout vocabulary) {

        public Shape {
            Objects.requireNonNull(name, "name");
            if (!List.of("llama", "qwen2", "gpt2").contains(architecture)) {
                throw AtelierException.invalidArgument("architecture", "architecture must be llama, qwen2 or gpt2");
            }
            if (hidden <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || ffn <= 0 || vocab <= 0 || context <= 0
                    || hidden % heads != 0 || heads % kvHeads != 0) {
                throw AtelierException.invalidArgument("shape", "inconsistent shape " + name);
            }
        }

        public int headDim() {
            return hidden / heads;
        }
    }

    public static final Shape LLAMA_3_2_1B = new Shape("llama-3.2-1b", "llama", 2048, 16, 32, 8, 8192, 128256, 131072,
            500000, 1e-5f, false, Llama3RopeScaling.LLAMA_3_2, true,
            new VocabularyLayout(128000, Map.of(128000, "<|begin_of_text|>", 128001, "<|end_of_text|>",
                    128006, "<|start_header_id|>", 128007, "<|end_header_id|>", 128009, "<|eot_id|>"), 128000, 128001, "llama-bpe"));

    public static final Shape QWEN2_5_0_5B = new Shape("qwen2.5-0.5b", "qwen2", 896, 24, 14, 2, 4864, 151936, 32768,
            1_000_000, 1e-6f, true, null, true,
            new VocabularyLayout(151643, Map.of(151643, "<|endoftext|>", 151644, "<|im_start|>", 151645, "<|im_end|>"),
                    151643, 151645, "qwen2"));

    public static final Shape GPT2_124M = new Shape("gpt2", "gpt2", 768, 12, 12, 12, 3072, 50257, 1024,
            10000, 1e-5f, false, null, true,
            new VocabularyLayout(50256, Map.of(50256, "<|endoftext|>"), 50256, 50256, "gpt-2"));

    public static final List<Shape> SHAPES = List.of(LLAMA_3_2_1B, QWEN2_5_0_5B, GPT2_124M);

    /** The shape called {@code name} (e.g. {@code llama-3.2-1b}); INVALID_ARGUMENT for others. */
    public static Shape shape(String name) {
        for (Shape s : SHAPES) {
            if (s.name().equalsIgnoreCase(String.valueOf(name).trim())) {
                return s;
            }
        }
        throw AtelierException.invalidArgument("shape", "unknown shape " + AtelierException.quote(name) + "; known: "
                + SHAPES.stream().map(Shape::name).toList());
    }

    /** What was written. */
    public record Result(long parameters, long bytes, boolean realVocabulary) {
    }

    private enum Kind { WEIGHT, NORM, BIAS, ROPE_FREQS }

    private record Planned(String name, long[] shape, GgmlType type, Kind kind) {
        long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private static final float STD = 0.02f;

    private final Shape shape;
    private final FileType type;
    private final long seed;
    private final Path vocabulary;
    private final ProgressListener progress;

    private RandomModels(Builder b) {
        this.shape = b.shape;
        this.type = b.type;
        this.seed = b.seed;
        this.vocabulary = b.vocabulary;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Writes the model to {@code output} (through a temporary file). */
    public Result write(Path output) throws IOException {
        Objects.requireNonNull(output, "output");
        List<Planned> plan = plan();
        GgufWriter w = new GgufWriter();
        String a = shape.architecture();
        w.putString("general.architecture", a);
        w.putString("general.name", "random " + shape.name() + " (" + type.cliName() + ", seed " + seed + ")");
        w.putUInt32(FileType.KEY, type.id());
        if (type.isQuantized()) {
            w.putUInt32(FileType.QUANTIZATION_VERSION_KEY, FileType.QUANTIZATION_VERSION);
        }
        w.putUInt32(a + ".context_length", shape.context());
        w.putUInt32(a + ".embedding_length", shape.hidden());
        w.putUInt32(a + ".block_count", shape.layers());
        w.putUInt32(a + ".feed_forward_length", shape.ffn());
        w.putUInt32(a + ".attention.head_count", shape.heads());
        w.putUInt32(a + ".attention.head_count_kv", shape.kvHeads());
        w.putUInt32(a + ".vocab_size", shape.vocab());
        if (a.equals("gpt2")) {
            w.putFloat32(a + ".attention.layer_norm_epsilon", shape.normEps());
        } else {
            w.putFloat32(a + ".attention.layer_norm_rms_epsilon", shape.normEps());
            w.putFloat32(a + ".rope.freq_base", (float) shape.ropeTheta());
            w.putUInt32(a + ".rope.dimension_count", shape.headDim());
        }
        boolean real = putVocabulary(w);

        long total = plan.stream().mapToLong(p -> p.type().byteSize(p.elements())).sum();
        long parameters = plan.stream().filter(p -> p.kind() != Kind.ROPE_FREQS).mapToLong(Planned::elements).sum();
        try (Progress p = Progress.start("random " + shape.name() + " " + type.cliName(), total, "bytes", progress)) {
            for (int k = 0; k < plan.size(); k++) {
                Planned t = plan.get(k);
                int rowLength = (int) t.shape()[0];
                long rows = t.elements() / rowLength;
                w.addTensor(t.name(), t.type(), t.shape(), TensorEncoder.bytes(t.type(), rows, rowLength, values(t, k), p));
            }
            w.write(output);
        }
        return new Result(parameters, Files.size(output), real);
    }

    private boolean putVocabulary(GgufWriter w) {
        if (vocabulary != null) {
            GgufFile v = GgufFile.open(vocabulary);
            int n = v.metadata().getStringArray("tokenizer.ggml.tokens").length;
            if (n != shape.vocab()) {
                throw AtelierException.invalidArgument("vocabulary", "the vocabulary has " + n + " tokens, shape "
                        + shape.name() + " needs " + shape.vocab());
            }
            for (Map.Entry<String, GgufValue> e : v.metadata().asMap().entrySet()) {
                if (e.getKey().startsWith("tokenizer.")) {
                    w.put(e.getKey(), e.getValue());
                }
            }
            return true;
        }
        VocabularyLayout layout = shape.vocabulary();
        SyntheticVocabulary.create(shape.vocab(), layout.normalTokens(), layout.specials())
                .putInto(w, layout.pre(), layout.bos(), layout.eos());
        return false;
    }

    private List<Planned> plan() {
        int h = shape.hidden();
        int hd = shape.headDim();
        int q = shape.heads() * hd;
        int kv = shape.kvHeads() * hd;
        GgmlType wt = type.tensorType();
        // GGUF shapes are [columns, rows]: ne[0] is the contiguous (input) dimension.
        List<Planned> out = new ArrayList<>();
        if (shape.ropeScaling() != null) {
            out.add(new Planned("rope_freqs.weight", new long[] {hd / 2}, GgmlType.F32, Kind.ROPE_FREQS));
        }
        out.add(new Planned("token_embd.weight", new long[] {h, shape.vocab()}, wt, Kind.WEIGHT));
        boolean gpt2 = shape.architecture().equals("gpt2");
        if (gpt2) {
            GgmlType pos = type.isQuantized() ? GgmlType.F32 : wt;
            out.add(new Planned("position_embd.weight", new long[] {h, shape.context()}, pos, Kind.WEIGHT));
        }
        for (int i = 0; i < shape.layers(); i++) {
            String b = "blk." + i + ".";
            out.add(new Planned(b + "attn_norm.weight", new long[] {h}, GgmlType.F32, Kind.NORM));
            if (gpt2) {
                out.add(new Planned(b + "attn_norm.bias", new long[] {h}, GgmlType.F32, Kind.BIAS));
                out.add(new Planned(b + "attn_qkv.weight", new long[] {h, 3L * h}, wt, Kind.WEIGHT));
                out.add(new Planned(b + "attn_qkv.bias", new long[] {3L * h}, GgmlType.F32, Kind.BIAS));
                out.add(new Planned(b + "attn_output.weight", new long[] {h, h}, wt, Kind.WEIGHT));
                out.add(new Planned(b + "attn_output.bias", new long[] {h}, GgmlType.F32, Kind.BIAS));
                out.add(new Planned(b + "ffn_norm.weight", new long[] {h}, GgmlType.F32, Kind.NORM));
                out.add(new Planned(b + "ffn_norm.bias", new long[] {h}, GgmlType.F32, Kind.BIAS));
                out.add(new Planned(b + "ffn_up.weight", new long[] {h, shape.ffn()}, wt, Kind.WEIGHT));
                out.add(new Planned(b + "ffn_up.bias", new long[] {shape.ffn()}, GgmlType.F32, Kind.BIAS));
                out.add(new Planned(b + "ffn_down.weight", new long[] {shape.ffn(), h}, wt, Kind.WEIGHT));
                out.add(new Planned(b + "ffn_down.bias", new long[] {h}, GgmlType.F32, Kind.BIAS));
                continue;
            }
            out.add(new Planned(b + "attn_q.weight", new long[] {h, q}, wt, Kind.WEIGHT));
            out.add(new Planned(b + "attn_k.weight", new long[] {h, kv}, wt, Kind.WEIGHT));
            out.add(new Planned(b + "attn_v.weight", new long[] {h, kv}, wt, Kind.WEIGHT));
            if (shape.qkvBias()) {
                out.add(new Planned(b + "attn_q.bias", new long[] {q}, GgmlType.F32, Kind.BIAS));
                out.add(new Planned(b + "attn_k.bias", new long[] {kv}, GgmlType.F32, Kind.BIAS));
                out.add(new Planned(b + "attn_v.bias", new long[] {kv}, GgmlType.F32, Kind.BIAS));
            }
            out.add(new Planned(b + "attn_output.weight", new long[] {q, h}, wt, Kind.WEIGHT));
            out.add(new Planned(b + "ffn_norm.weight", new long[] {h}, GgmlType.F32, Kind.NORM));
            out.add(new Planned(b + "ffn_gate.weight", new long[] {h, shape.ffn()}, wt, Kind.WEIGHT));
            out.add(new Planned(b + "ffn_up.weight", new long[] {h, shape.ffn()}, wt, Kind.WEIGHT));
            out.add(new Planned(b + "ffn_down.weight", new long[] {shape.ffn(), h}, wt, Kind.WEIGHT));
        }
        out.add(new Planned("output_norm.weight", new long[] {h}, GgmlType.F32, Kind.NORM));
        if (gpt2) {
            out.add(new Planned("output_norm.bias", new long[] {h}, GgmlType.F32, Kind.BIAS));
        }
        if (!shape.tiedEmbeddings()) {
            out.add(new Planned("output.weight", new long[] {h, shape.vocab()}, wt, Kind.WEIGHT));
        }
        return out;
    }

    // Each row draws from its own generator seeded by (seed, tensor, row): the same on any number of threads.
    private TensorEncoder.RowSource values(Planned t, int index) {
        if (t.kind() == Kind.ROPE_FREQS) {
            float[] freqs = shape.ropeScaling().ropeFreqs(shape.headDim(), shape.ropeTheta());
            return (first, rows, dst) -> System.arraycopy(freqs, 0, dst, 0, freqs.length);
        }
        int rowLength = (int) t.shape()[0];
        float halfWidth = (float) (STD * Math.sqrt(3)); // uniform on [-w, w] has standard deviation w / sqrt(3)
        return (first, rows, dst) -> {
            for (int r = 0; r < rows; r++) {
                SplittableRandom random = new SplittableRandom(mix(seed, index, first + r));
                int at = r * rowLength;
                for (int j = 0; j < rowLength; j++) {
                    float u = (float) (random.nextDouble() * 2 - 1);
                    dst[at + j] = switch (t.kind()) {
                        case NORM -> 1 + 0.1f * u;
                        default -> halfWidth * u;
                    };
                }
            }
        };
    }

    private static long mix(long seed, int tensor, long row) {
        long z = seed * 0x9E3779B97F4A7C15L + tensor * 0xBF58476D1CE4E5B9L + row * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Builds a random-model writer; {@link #setShape} and {@link #setType} are required. */
    public static final class Builder {
        private Shape shape;
        private FileType type;
        private long seed = 42;
        private Path vocabulary;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        public Builder setShape(Shape shape) {
            this.shape = Objects.requireNonNull(shape, "shape");
            return this;
        }

        /** F32, F16, BF16, Q8_0 or Q4_0 for the weight matrices (norms and biases are F32). */
        public Builder setType(FileType type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** A GGUF whose {@code tokenizer.*} metadata is copied (its vocabulary size must match the shape). */
        public Builder optVocabulary(Path gguf) {
            this.vocabulary = gguf;
            return this;
        }

        public Builder optProgress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public RandomModels build() {
            if (shape == null || type == null) {
                throw AtelierException.invalidArgument(shape == null ? "shape" : "type", "shape and type are required");
            }
            int block = type.tensorType().blockSize();
            if (shape.hidden() % block != 0 || shape.ffn() % block != 0) {
                throw AtelierException.invalidArgument("type", "shape " + shape.name() + " has rows that are not whole "
                        + type.cliName().toUpperCase(Locale.ROOT) + " blocks");
            }
            return new RandomModels(this);
        }
    }

    /** Tensor names and shapes the writer would produce, for tests and listings. */
    public Map<String, long[]> tensorShapes() {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (Planned p : plan()) {
            m.put(p.name(), p.shape());
        }
        return m;
    }
}
