package dev.atelier.text.convert;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.Progress;
import dev.atelier.core.progress.ProgressListener;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufTensorInfo;
import dev.atelier.text.gguf.GgufValue;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.tensor.Dequantize;
import dev.atelier.text.tensor.GgmlType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Quantizes a GGUF whose weights are F32, F16 or BF16 into Q8_0 or Q4_0 (what
 * {@code atelier text quantize} runs). As llama.cpp's quantizer: the weight matrices (2-D and
 * higher {@code *.weight} tensors) are quantized; norms, biases and other vectors become F32;
 * position embeddings stay as they are; {@code token_embd} and {@code output} follow the options.
 * Metadata is copied with {@code general.file_type} and {@code general.quantization_version} set.
 *
 * <p>The input is memory-mapped and the output streamed one chunk of rows at a time, so neither
 * model is ever held in memory. Build one with {@link #builder()}.
 */
public final class GgufQuantizer {

    private static final String TOKEN_EMBD = "token_embd.weight";
    private static final String OUTPUT = "output.weight";

    /** What was done. */
    public record Result(int quantized, int convertedToF32, int copied, long inputBytes, long outputBytes) {
    }

    private final FileType type;
    private final boolean keepTokenEmbedding;
    private final boolean keepOutput;
    private final ProgressListener progress;

    private GgufQuantizer(Builder b) {
        this.type = b.type;
        this.keepTokenEmbedding = b.keepTokenEmbedding;
        this.keepOutput = b.keepOutput;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes {@code output} (through a temporary file: it appears whole or not at all). A tensor of a
     * type other than F32/F16/BF16 that would have to be quantized is INVALID_ARGUMENT (quantize
     * from the unquantized model); a broken input is UNAVAILABLE.
     */
    public Result quantize(Path input, Path output) throws IOException {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        if (input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            throw AtelierException.invalidArgument("output", "the output must not be the input file");
        }
        GgufFile in = GgufFile.open(input);
        GgufWriter out = new GgufWriter().version(3);
        if (in.alignment() != 32) {
            out.alignment(in.alignment());
        }
        for (Map.Entry<String, GgufValue> e : in.metadata().asMap().entrySet()) {
            String key = e.getKey();
            if (!key.equals(FileType.KEY) && !key.equals(FileType.QUANTIZATION_VERSION_KEY) && !key.equals("general.alignment")) {
                out.put(key, e.getValue());
            }
        }
        out.putUInt32(FileType.KEY, type.id());
        out.putUInt32(FileType.QUANTIZATION_VERSION_KEY, FileType.QUANTIZATION_VERSION);

        long total = in.tensors().stream().mapToLong(GgufTensorInfo::byteSize).sum();
        int quantized = 0;
        int converted = 0;
        int copied = 0;
        // Progress counts input bytes, as they are read.
        try (Progress p = Progress.start("quantize " + input.getFileName() + " to " + type.cliName(), total, "bytes", progress)) {
            for (GgufTensorInfo t : in.tensors()) {
                long[] shape = t.shape();
                long rows = t.rank() == 0 ? 1 : t.elementCount() / Math.max(1, shape[0]);
                int rowLength = t.rank() == 0 ? 1 : Math.toIntExact(shape[0]);
                switch (action(t)) {
                    case QUANTIZE -> {
                        out.addTensor(t.name(), type.tensorType(), shape,
                                encoded(in, t, type.tensorType(), rows, rowLength, p));
                        quantized++;
                    }
                    case TO_F32 -> {
                        out.addTensor(t.name(), GgmlType.F32, shape, encoded(in, t, GgmlType.F32, rows, rowLength, p));
                        converted++;
                    }
                    case COPY -> {
                        out.addTensor(t.name(), t.type(), shape, TensorEncoder.copy((at, dst, n) ->
                                in.tensorData(t, at, n).get(dst, 0, n), t.byteSize(), p));
                        copied++;
                    }
                }
            }
            out.write(output);
        }
        return new Result(quantized, converted, copied, in.fileSize(), Files.size(output));
    }

    private enum Action { QUANTIZE, TO_F32, COPY }

    private Action action(GgufTensorInfo t) {
        String name = t.name();
        boolean matrix = t.rank() >= 2 && name.endsWith(".weight")
                && !name.contains("_norm") && !name.contains("ffn_gate_inp")
                && !name.equals("position_embd.weight") && !name.equals("token_types.weight")
                && !(keepTokenEmbedding && name.equals(TOKEN_EMBD))
                && !(keepOutput && name.equals(OUTPUT))
                && t.dim(0) % type.tensorType().blockSize() == 0;
        boolean plainFloat = t.type() == GgmlType.F32 || t.type() == GgmlType.F16 || t.type() == GgmlType.BF16;
        if (matrix) {
            if (!plainFloat) {
                throw AtelierException.invalidArgument("input", "tensor " + AtelierException.quote(name) + " is already "
                        + t.type() + "; quantize from a model whose weights are F32, F16 or BF16");
            }
            return t.type() == type.tensorType() ? Action.COPY : Action.QUANTIZE;
        }
        return plainFloat && t.type() != GgmlType.F32 && t.rank() <= 1 ? Action.TO_F32 : Action.COPY;
    }

    // Rows are decoded from the mapped input and re-encoded; the input's bytes are stepped as read.
    private static GgufWriter.TensorBytes encoded(GgufFile in, GgufTensorInfo t, GgmlType to, long rows, int rowLength,
                                                  Progress p) {
        long rowBytes = t.type().byteSize(rowLength);
        TensorEncoder.RowSource source = (first, n, dst) -> {
            ByteBuffer bytes = in.tensorData(t, first * rowBytes, Math.toIntExact(n * rowBytes));
            Dequantize.toFloat(t.type(), bytes, dst, 0, n * rowLength);
            p.step(n * rowBytes);
        };
        return TensorEncoder.bytes(to, rows, rowLength, source, null);
    }

    /** Builds a {@link GgufQuantizer}; {@link #setType} is required. */
    public static final class Builder {
        private FileType type;
        private boolean keepTokenEmbedding;
        private boolean keepOutput;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        /** Q8_0 or Q4_0. */
        public Builder setType(FileType type) {
            Objects.requireNonNull(type, "type");
            if (!type.isQuantized()) {
                throw AtelierException.invalidArgument("type", "quantize produces q8_0 or q4_0, not " + type.cliName()
                        + " (use convert for float types)");
            }
            this.type = type;
            return this;
        }

        /** Leaves {@code token_embd.weight} in its input type (it is looked up, not multiplied, per token). */
        public Builder optKeepTokenEmbedding(boolean keep) {
            this.keepTokenEmbedding = keep;
            return this;
        }

        /** Leaves {@code output.weight} in its input type (quality: the logits are most sensitive to it). */
        public Builder optKeepOutput(boolean keep) {
            this.keepOutput = keep;
            return this;
        }

        public Builder optProgress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public GgufQuantizer build() {
            if (type == null) {
                throw AtelierException.invalidArgument("type", "the quantization type is required");
            }
            return new GgufQuantizer(this);
        }
    }
}
