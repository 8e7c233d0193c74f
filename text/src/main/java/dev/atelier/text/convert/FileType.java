package dev.atelier.text.convert;

import dev.atelier.core.error.AtelierException;
import dev.atelier.text.tensor.GgmlType;
import java.util.Arrays;
import java.util.Locale;

/**
 * The output types the converter, the quantizer and the random-model writer produce, with the
 * {@code general.file_type} number llama.cpp stores for each (its {@code llama_ftype}): the type
 * of most weight matrices in the file.
 */
public enum FileType {
    F32(GgmlType.F32, 0),
    F16(GgmlType.F16, 1),
    Q4_0(GgmlType.Q4_0, 2),
    Q8_0(GgmlType.Q8_0, 7),
    BF16(GgmlType.BF16, 32);

    /** The GGUF key for the file type. */
    public static final String KEY = "general.file_type";
    /** The GGUF key for ggml's quantization format version, 2 since May 2023. */
    public static final String QUANTIZATION_VERSION_KEY = "general.quantization_version";
    public static final int QUANTIZATION_VERSION = 2;

    private final GgmlType tensorType;
    private final int id;

    FileType(GgmlType tensorType, int id) {
        this.tensorType = tensorType;
        this.id = id;
    }

    /** The tensor type of the weight matrices. */
    public GgmlType tensorType() {
        return tensorType;
    }

    /** The {@code general.file_type} value. */
    public int id() {
        return id;
    }

    /** Whether the weights are block-quantized (Q8_0, Q4_0) rather than plain floats. */
    public boolean isQuantized() {
        return tensorType.blockSize() > 1;
    }

    /** The lower-case name used on the command line, e.g. {@code q8_0}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code f32}, {@code f16}, {@code bf16}, {@code q8_0}, {@code q4_0} (any case); else INVALID_ARGUMENT. */
    public static FileType parse(String name) {
        for (FileType t : values()) {
            if (t.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return t;
            }
        }
        throw AtelierException.invalidArgument("type", "unknown type " + AtelierException.quote(String.valueOf(name))
                + "; expected one of " + Arrays.stream(values()).map(FileType::cliName).toList());
    }
}
