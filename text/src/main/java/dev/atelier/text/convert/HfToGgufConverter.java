package dev.atelier.text.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.ModelIntegrityException;
import dev.atelier.core.progress.Progress;
import dev.atelier.core.progress.ProgressListener;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.safetensors.SafetensorsModel;
import dev.atelier.text.safetensors.SafetensorsTensor;
import dev.atelier.text.tensor.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Converts a Hugging Face model folder ({@code config.json}, {@code *.safetensors},
 * {@code tokenizer.json}, optionally {@code tokenizer_config.json}) into one GGUF file with
 * llama.cpp's tensor names and metadata keys (what {@code atelier text convert} runs). Supported:
 * LlamaForCausalLM and MistralForCausalLM (also SmolLM), Qwen2ForCausalLM and GPT2LMHeadModel,
 * with byte-level BPE or SentencePiece-style (byte fallback) BPE tokenizers.
 *
 * <p>As llama.cpp's converter does: shapes are written reversed (GGUF {@code ne[0]} is the
 * contiguous dimension); for {@code llama} the rows of Q and K are permuted within each head so
 * that RoPE rotates adjacent pairs (HF stores the two halves of each head apart); Qwen2 keeps
 * the halves layout (llama.cpp runs it as NeoX-style RoPE) and its Q/K/V biases; GPT-2's Conv1D
 * weights, stored [in, out], are transposed; Llama 3 rope scaling becomes the {@code rope_freqs}
 * tensor. Vectors are written as F32, matrices as the chosen type. Weights are read from the
 * memory-mapped safetensors and written a chunk of rows at a time: the model is never held in
 * memory. Build one with {@link #builder()}.
 */
public final class HfToGgufConverter {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was written. */
    public record Result(String architecture, int tensors, long parameters, long bytes) {
    }

    private final FileType type;
    private final ProgressListener progress;

    private HfToGgufConverter(Builder b) {
        this.type = b.type;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Converts the model in {@code folder} into {@code output} (written through a temporary file). */
    public Result convert(Path folder, Path output) throws IOException {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(output, "output");
        String model = folder.toAbsolutePath().getFileName() == null ? "model" : folder.toAbsolutePath().getFileName().toString();
        Path configPath = folder.resolve("config.json");
        HfConfig c = HfConfig.parse(readJson(model, configPath), configPath);
        Path tokenizerPath = folder.resolve("tokenizer.json");
        JsonNode tokenizer = readJson(model, tokenizerPath);
        Path tokenizerConfigPath = folder.resolve("tokenizer_config.json");
        JsonNode tokenizerConfig = Files.isRegularFile(tokenizerConfigPath) ? readJson(model, tokenizerConfigPath)
                : JSON.createObjectNode();
        SafetensorsModel weights = SafetensorsModel.open(folder);

        GgufWriter w = new GgufWriter();
        String a = c.architecture();
        w.putString("general.architecture", a);
        w.putString("general.name", model);
        w.putUInt32(FileType.KEY, type.id());
        if (type.isQuantized()) {
            w.putUInt32(FileType.QUANTIZATION_VERSION_KEY, FileType.QUANTIZATION_VERSION);
        }
        w.putUInt32(a + ".context_length", c.context());
        w.putUInt32(a + ".embedding_length", c.hidden());
        w.putUInt32(a + ".block_count", c.layers());
        w.putUInt32(a + ".feed_forward_length", c.ffn());
        w.putUInt32(a + ".attention.head_count", c.heads());
        w.putUInt32(a + ".vocab_size", c.vocab());
        if (a.equals("gpt2")) {
            w.putFloat32(a + ".attention.layer_norm_epsilon", (float) c.normEps());
        } else {
            w.putUInt32(a + ".attention.head_count_kv", c.kvHeads());
            w.putFloat32(a + ".attention.layer_norm_rms_epsilon", (float) c.normEps());
            w.putFloat32(a + ".rope.freq_base", (float) c.ropeTheta());
            w.putUInt32(a + ".rope.dimension_count", c.headDim());
            if (c.headDim() * c.heads() != c.hidden()) {
                w.putUInt32(a + ".attention.key_length", c.headDim());
                w.putUInt32(a + ".attention.value_length", c.headDim());
            }
            if (c.ropeScalingType() != null) {
                w.putString(a + ".rope.scaling.type", c.ropeScalingType());
                w.putFloat32(a + ".rope.scaling.factor", (float) c.linearRopeFactor());
                if (c.ropeOriginalContext() > 0) {
                    w.putUInt32(a + ".rope.scaling.original_context_length", c.ropeOriginalContext());
                }
            }
        }
        new HfTokenizerMetadata(model, tokenizerPath).put(w, tokenizer, tokenizerConfig, c.vocab(), c.bosTokenId(), c.eosTokenId());

        List<Planned> plan = plan(model, folder, c, weights);
        long total = plan.stream().mapToLong(p -> p.source() == null ? 0 : p.source().byteSize()).sum();
        long parameters = 0;
        try (Progress p = Progress.start("convert " + model + " to " + type.cliName(), total, "bytes", progress)) {
            if (c.ropeScaling() != null) {
                float[] freqs = c.ropeScaling().ropeFreqs(c.headDim(), c.ropeTheta());
                w.addTensor("rope_freqs.weight", GgmlType.F32, new long[] {freqs.length}, freqs);
            }
            for (Planned t : plan) {
                parameters += t.source().elementCount();
                w.addTensor(t.gguf(), t.type(), t.ggufShape(),
                        TensorEncoder.bytes(t.type(), t.rows(), t.rowLength(), rows(weights, c, t, p), null));
            }
            w.write(output);
        }
        return new Result(a, w.tensorCount(), parameters, Files.size(output));
    }

    private record Planned(SafetensorsTensor source, String gguf, HfTensorName.Transform transform, GgmlType type,
                           long[] ggufShape, long rows, int rowLength) {
    }

    private List<Planned> plan(String model, Path folder, HfConfig c, SafetensorsModel weights) {
        Map<String, Planned> byName = new LinkedHashMap<>();
        for (SafetensorsTensor t : weights.tensors()) {
            if (HfTensorName.ignored(t.name())) {
                continue;
            }
            Optional<HfTensorName> mapped = HfTensorName.map(c.architecture(), t.name());
            if (mapped.isEmpty()) {
                throw new ModelIntegrityException(model, "", folder, "has tensor " + AtelierException.quote(t.name())
                        + ", which the " + c.hfArchitecture() + " converter does not know");
            }
            HfTensorName n = mapped.get();
            if (n.gguf().equals("output.weight") && c.tiedEmbeddings()) {
                continue; // the same values as token_embd: the engine reuses that
            }
            if (!t.dtype().isReadable() || t.rank() < 1 || t.rank() > 2) {
                throw new ModelIntegrityException(model, "", folder, "has tensor " + AtelierException.quote(t.name())
                        + " of dtype " + t.dtype() + " and rank " + t.rank() + "; expected F32, F16 or BF16 vectors and matrices");
            }
            long[] s = t.shape();
            // Rows in the GGUF: HF [out, in] gives `out` rows of `in`; a Conv1D [in, out] the same after transposing.
            long rows = t.rank() == 1 ? 1 : n.transform() == HfTensorName.Transform.TRANSPOSE ? s[1] : s[0];
            long rowLength = t.rank() == 1 ? s[0] : n.transform() == HfTensorName.Transform.TRANSPOSE ? s[0] : s[1];
            if (rowLength > Integer.MAX_VALUE - 8 || rowLength == 0) {
                throw new ModelIntegrityException(model, "", folder, "has tensor " + AtelierException.quote(t.name())
                        + " with rows of " + rowLength + " values");
            }
            long[] ggufShape = t.rank() == 1 ? new long[] {rowLength} : new long[] {rowLength, rows};
            GgmlType out = outputType(n.gguf(), t.rank(), rowLength);
            if (n.transform() == HfTensorName.Transform.PERMUTE_Q || n.transform() == HfTensorName.Transform.PERMUTE_K) {
                int heads = n.transform() == HfTensorName.Transform.PERMUTE_Q ? c.heads() : c.kvHeads();
                long outRows = t.rank() == 1 ? rowLength : rows;
                if (outRows != (long) heads * c.headDim()) {
                    throw new ModelIntegrityException(model, "", folder, "has tensor " + AtelierException.quote(t.name())
                            + " with " + outRows + " outputs, not " + heads + " heads of " + c.headDim());
                }
            }
            Planned before = byName.put(n.gguf(), new Planned(t, n.gguf(), n.transform(), out, ggufShape, rows, (int) rowLength));
            if (before != null) {
                throw new ModelIntegrityException(model, "", folder, "has tensors " + AtelierException.quote(before.source().name())
                        + " and " + AtelierException.quote(t.name()) + " that both become " + n.gguf());
            }
        }
        for (String required : List.of("token_embd.weight", "output_norm.weight")) {
            if (!byName.containsKey(required)) {
                throw new ModelIntegrityException(model, "", folder, "lacks the tensor that becomes " + required);
            }
        }
        return new ArrayList<>(byName.values());
    }

    private GgmlType outputType(String gguf, int rank, long rowLength) {
        if (rank == 1) {
            return GgmlType.F32;
        }
        GgmlType wanted = type.tensorType();
        if (gguf.equals("position_embd.weight") && type.isQuantized()) {
            return GgmlType.F32; // looked up and added, never multiplied: not worth quantizing (as llama.cpp's quantizer)
        }
        return rowLength % wanted.blockSize() == 0 ? wanted : GgmlType.F16;
    }

    // The GGUF's rows, read from the mapped safetensors and rearranged as the transform says.
    private static TensorEncoder.RowSource rows(SafetensorsModel weights, HfConfig c, Planned t, Progress p) {
        SafetensorsTensor s = t.source();
        int len = t.rowLength();
        int bytesPerValue = s.dtype().bytes();
        return switch (t.transform()) {
            case NONE -> (first, n, dst) -> {
                weights.readFloats(s, first * len, n * len, dst, 0);
                p.step((long) n * len * bytesPerValue);
            };
            case PERMUTE_Q, PERMUTE_K -> {
                int headDim = c.headDim();
                if (s.rank() == 1) { // a bias: one row whose values are permuted like the weight's rows
                    yield (first, n, dst) -> {
                        float[] v = weights.readFloats(s.name());
                        for (int r = 0; r < len; r++) {
                            dst[r] = v[sourceRow(r, headDim)];
                        }
                        p.step((long) len * bytesPerValue);
                    };
                }
                yield (first, n, dst) -> {
                    for (int r = 0; r < n; r++) {
                        long src = sourceRow((int) (first + r), headDim);
                        weights.readFloats(s, src * len, len, dst, r * len);
                    }
                    p.step((long) n * len * bytesPerValue);
                };
            }
            case TRANSPOSE -> {
                // Conv1D [in, out]: GGUF row r is column r. Small enough (GPT-2) to transpose from one read.
                long[] shape = s.shape();
                int in = (int) shape[0];
                int out = (int) shape[1];
                float[][] whole = new float[1][];
                yield (first, n, dst) -> {
                    float[] v;
                    synchronized (whole) {
                        if (whole[0] == null) {
                            whole[0] = weights.readFloats(s.name());
                            p.step(s.byteSize());
                        }
                        v = whole[0];
                    }
                    for (int r = 0; r < n; r++) {
                        int col = (int) (first + r);
                        for (int k = 0; k < in; k++) {
                            dst[r * in + k] = v[k * out + col];
                        }
                    }
                };
            }
        };
    }

    /**
     * The HF row that becomes GGUF row {@code row} of a {@code llama} Q or K projection. llama.cpp's
     * converter reshapes each head's rows as (2, headDim/2), swaps the axes and flattens: GGUF row
     * {@code 2i + j} of a head is HF row {@code j * headDim/2 + i}, so the pair (x_i, x_{i+headDim/2})
     * that HF's RoPE rotates together becomes the adjacent pair (2i, 2i+1).
     */
    static int sourceRow(int row, int headDim) {
        int head = row / headDim;
        int within = row % headDim;
        int i = within / 2;
        int j = within % 2;
        return head * headDim + j * (headDim / 2) + i;
    }

    private static JsonNode readJson(String model, Path path) {
        String file = String.valueOf(path.getFileName());
        try {
            if (Files.size(path) > 256L << 20) {
                throw new ModelIntegrityException(model, file, path, "is larger than 256 MiB");
            }
            JsonNode n = JSON.readTree(Files.readString(path));
            if (n == null || !n.isObject()) {
                throw new ModelIntegrityException(model, file, path, "is not a JSON object");
            }
            return n;
        } catch (NoSuchFileException e) {
            throw new ModelIntegrityException(model, file, path, "is missing", e);
        } catch (JsonProcessingException e) {
            throw new ModelIntegrityException(model, file, path, "is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelIntegrityException(model, file, path, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** Builds a converter; {@link #setType} is required. */
    public static final class Builder {
        private FileType type;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        /** The type of the weight matrices: F32, F16, BF16, Q8_0 or Q4_0. */
        public Builder setType(FileType type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        public Builder optProgress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public HfToGgufConverter build() {
            if (type == null) {
                throw AtelierException.invalidArgument("type", "the output type is required");
            }
            return new HfToGgufConverter(this);
        }
    }
}
