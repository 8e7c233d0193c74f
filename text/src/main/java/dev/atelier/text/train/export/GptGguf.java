package dev.atelier.text.train.export;

import ai.djl.ndarray.NDArray;
import dev.atelier.core.error.AtelierException;
import dev.atelier.text.gguf.GgufFile;
import dev.atelier.text.gguf.GgufMetadata;
import dev.atelier.text.gguf.GgufTensorInfo;
import dev.atelier.text.gguf.GgufValue;
import dev.atelier.text.gguf.GgufWriter;
import dev.atelier.text.tensor.GgmlType;
import dev.atelier.text.train.bpe.BpeVocabulary;
import dev.atelier.text.train.gpt.Gpt;
import dev.atelier.text.train.gpt.GptConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GGUF layout of a trained GPT: {@code general.architecture = gpt2}, the {@code gpt2.*}
 * hyper-parameters, the tokenizer as {@code tokenizer.ggml.*} (model "gpt2": tokens, token types,
 * merges), and F32 tensors under GPT-2's GGUF names. A linear weight [out, in] (row-major) is
 * written with ne = [in, out]: GGUF lists dimensions contiguous-first, the reverse of PyTorch.
 * There is no {@code output.weight}: the LM head is tied to {@code token_embd.weight}.
 */
public final class GptGguf {
    public static final String ARCHITECTURE = "gpt2";

    private GptGguf() {
    }

    /** Adds the model's metadata, tokenizer and tensors (its current values) to {@code writer}. */
    public static GgufWriter put(GgufWriter writer, String name, Gpt model, BpeVocabulary vocabulary) {
        GptConfig c = model.config();
        if (vocabulary.size() != c.vocabularySize()) {
            throw AtelierException.invalidArgument("tokenizer", "the tokenizer has " + vocabulary.size()
                    + " tokens, the model " + c.vocabularySize());
        }
        writer.putString("general.architecture", ARCHITECTURE);
        writer.putString("general.name", name);
        writer.putString("general.file_type_name", "F32");
        writer.putUInt32("gpt2.context_length", c.contextLength());
        writer.putUInt32("gpt2.embedding_length", c.width());
        writer.putUInt32("gpt2.feed_forward_length", c.feedForwardWidth());
        writer.putUInt32("gpt2.block_count", c.layers());
        writer.putUInt32("gpt2.attention.head_count", c.heads());
        writer.putFloat32("gpt2.attention.layer_norm_epsilon", GptConfig.LAYER_NORM_EPS);
        putTokenizer(writer, vocabulary);
        for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
            putTensor(writer, e.getKey(), e.getValue());
        }
        if (!c.bias()) {
            // GGUF's gpt2 always has biases: a model trained without them has zero ones.
            for (String bias : biasNames(c)) {
                long width = bias.contains("ffn_up") ? c.feedForwardWidth() : bias.contains("attn_qkv") ? 3L * c.width() : c.width();
                writer.addTensor(bias, GgmlType.F32, new long[] {width}, new float[(int) width]);
            }
        }
        return writer;
    }

    /** Adds one array as an F32 tensor, its dimensions reversed into GGUF order. */
    public static void putTensor(GgufWriter writer, String name, NDArray array) {
        long[] shape = array.getShape().getShape();
        long[] ne = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            ne[i] = shape[shape.length - 1 - i];
        }
        writer.addTensor(name, GgmlType.F32, ne, array.toFloatArray());
    }

    /** The tokenizer in llama.cpp's keys: byte-level BPE ("gpt2") with GPT-2's pre-tokenizer. */
    public static void putTokenizer(GgufWriter writer, BpeVocabulary vocabulary) {
        List<String> tokens = vocabulary.allTokens();
        int[] types = new int[tokens.size()];
        java.util.Arrays.fill(types, 1); // normal
        types[vocabulary.endOfTextId()] = 3; // control
        writer.putString("tokenizer.ggml.model", "gpt2");
        writer.putString("tokenizer.ggml.pre", "gpt-2");
        writer.put("tokenizer.ggml.tokens", GgufValue.stringArray(tokens.toArray(String[]::new)));
        writer.put("tokenizer.ggml.token_type", GgufValue.int32Array(types));
        writer.put("tokenizer.ggml.merges", GgufValue.stringArray(vocabulary.mergeRules().toArray(String[]::new)));
        writer.putUInt32("tokenizer.ggml.bos_token_id", vocabulary.endOfTextId());
        writer.putUInt32("tokenizer.ggml.eos_token_id", vocabulary.endOfTextId());
        writer.putBool("tokenizer.ggml.add_bos_token", false);
    }

    /** The tokenizer vocabulary stored in a GGUF (end-of-text last, as {@link #putTokenizer} writes it). */
    public static BpeVocabulary vocabulary(GgufMetadata md) {
        String model = md.getString("tokenizer.ggml.model");
        if (!model.equals("gpt2")) {
            throw md.problem("tokenizer.ggml.model is '" + model + "', expected gpt2 (byte-level BPE)");
        }
        String[] tokens = md.getStringArray("tokenizer.ggml.tokens");
        if (tokens.length < 2 || !tokens[tokens.length - 1].equals(BpeVocabulary.END_OF_TEXT)) {
            throw md.problem("the last token is not " + BpeVocabulary.END_OF_TEXT);
        }
        String[] rules = md.getStringArray("tokenizer.ggml.merges");
        List<String[]> merges = new java.util.ArrayList<>(rules.length);
        for (String rule : rules) {
            int space = rule.indexOf(' ', 1);
            if (space < 0) {
                throw md.problem("a merge has no space between its tokens");
            }
            merges.add(new String[] {rule.substring(0, space), rule.substring(space + 1)});
        }
        return new BpeVocabulary(List.of(tokens).subList(0, tokens.length - 1), merges);
    }

    /** The model shape a gpt2 GGUF describes (dropout 0, biases on). */
    public static GptConfig config(GgufFile file) {
        GgufMetadata md = file.metadata();
        String arch = md.getString("general.architecture");
        if (!arch.equals(ARCHITECTURE)) {
            throw md.problem("general.architecture is '" + arch + "', expected " + ARCHITECTURE);
        }
        int width = md.getInt("gpt2.embedding_length");
        if (md.getInt("gpt2.feed_forward_length") != 4 * width) {
            throw md.problem("gpt2.feed_forward_length is not 4 × gpt2.embedding_length");
        }
        int vocabulary = md.getStringArray("tokenizer.ggml.tokens").length;
        return new GptConfig(vocabulary, md.getInt("gpt2.context_length"), md.getInt("gpt2.block_count"),
                md.getInt("gpt2.attention.head_count"), width, 0f, true);
    }

    /**
     * Reads every tensor {@code model} needs from {@code file}, checking each shape, as floats
     * in the model's (PyTorch) layout.
     */
    public static Map<String, float[]> tensors(GgufFile file, Gpt model) {
        return tensors(file, model, "");
    }

    /** As {@link #tensors(GgufFile, Gpt)}, for tensors stored under {@code prefix + name}. */
    public static Map<String, float[]> tensors(GgufFile file, Gpt model, String prefix) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
            GgufTensorInfo info = file.tensor(prefix + e.getKey()).orElseThrow(() -> AtelierException.invalidArgument(
                    "model", file + " has no tensor " + prefix + e.getKey()));
            long[] shape = e.getValue().getShape().getShape();
            boolean same = info.rank() == shape.length;
            for (int i = 0; same && i < shape.length; i++) {
                same = info.dim(i) == shape[shape.length - 1 - i];
            }
            if (!same) {
                throw AtelierException.invalidArgument("model", "tensor " + prefix + e.getKey() + " has ne "
                        + java.util.Arrays.toString(info.shape()) + ", expected the reverse of " + e.getValue().getShape());
            }
            out.put(e.getKey(), file.readFloats(info));
        }
        return out;
    }

    private static List<String> biasNames(GptConfig c) {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < c.layers(); i++) {
            for (String t : List.of("attn_norm", "attn_qkv", "attn_output", "ffn_norm", "ffn_up", "ffn_down")) {
                names.add("blk." + i + "." + t + ".bias");
            }
        }
        names.add("output_norm.bias");
        return names;
    }
}
