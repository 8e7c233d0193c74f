package dev.atelier.text.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.text.bench.SyntheticVocabulary;
import dev.atelier.text.safetensors.SafetensorsDtype;
import dev.atelier.text.safetensors.SafetensorsWriter;
import dev.atelier.text.tensor.Quantize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Builds tiny Hugging Face model folders for the converter tests: random weights under the HF
 * names and shapes of each architecture (written as safetensors, in two shards with an index),
 * config.json, and a byte-level BPE tokenizer.json / tokenizer_config.json in the layout the
 * Hugging Face tokenizers library writes. Keeps every tensor's values as stored (after F16/BF16
 * rounding) for comparison.
 */
final class HfFolder {

    static final ObjectMapper JSON = new ObjectMapper();
    /** SmolLM's pre-tokenizer: Digits (individual_digits) then GPT-2's ByteLevel. */
    static final String SMOLLM = "smollm";

    /** A tensor as written: shape in PyTorch order and its values after dtype rounding. */
    record Stored(long[] shape, float[] values) {
    }

    final Path dir;
    final Map<String, Stored> tensors = new LinkedHashMap<>();
    private final Random random = new Random(11);
    private final SafetensorsWriter shard1 = new SafetensorsWriter().metadata("format", "pt");
    private final SafetensorsWriter shard2 = new SafetensorsWriter().metadata("format", "pt");
    private final Map<String, String> weightMap = new LinkedHashMap<>();

    HfFolder(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    void tensor(String name, SafetensorsDtype dtype, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian() * 0.5f;
            v[i] = switch (dtype) {
                case F16 -> Float.float16ToFloat(Float.floatToFloat16(v[i]));
                case BF16 -> Float.intBitsToFloat((Quantize.toBf16(v[i]) & 0xFFFF) << 16);
                default -> v[i];
            };
        }
        boolean first = tensors.size() % 2 == 0;
        (first ? shard1 : shard2).add(name, dtype, shape, v);
        weightMap.put(name, first ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        tensors.put(name, new Stored(shape.clone(), v));
    }

    /** A Llama / Mistral / Qwen2 model. */
    static HfFolder llama(Path dir, String hfArch, int hidden, int layers, int heads, int kvHeads, int ffn, int vocab,
                          boolean qkvBias, boolean tied, ObjectNode extraConfig) throws IOException {
        HfFolder f = new HfFolder(dir);
        int hd = hidden / heads;
        f.tensor("model.embed_tokens.weight", SafetensorsDtype.BF16, vocab, hidden);
        for (int i = 0; i < layers; i++) {
            String p = "model.layers." + i + ".";
            f.tensor(p + "input_layernorm.weight", SafetensorsDtype.F32, hidden);
            f.tensor(p + "self_attn.q_proj.weight", SafetensorsDtype.F16, (long) heads * hd, hidden);
            f.tensor(p + "self_attn.k_proj.weight", SafetensorsDtype.F32, (long) kvHeads * hd, hidden);
            f.tensor(p + "self_attn.v_proj.weight", SafetensorsDtype.F32, (long) kvHeads * hd, hidden);
            if (qkvBias) {
                f.tensor(p + "self_attn.q_proj.bias", SafetensorsDtype.F32, (long) heads * hd);
                f.tensor(p + "self_attn.k_proj.bias", SafetensorsDtype.F32, (long) kvHeads * hd);
                f.tensor(p + "self_attn.v_proj.bias", SafetensorsDtype.F32, (long) kvHeads * hd);
            }
            f.tensor(p + "self_attn.o_proj.weight", SafetensorsDtype.F32, hidden, (long) heads * hd);
            f.tensor(p + "self_attn.rotary_emb.inv_freq", SafetensorsDtype.F32, hd / 2);
            f.tensor(p + "post_attention_layernorm.weight", SafetensorsDtype.F32, hidden);
            f.tensor(p + "mlp.gate_proj.weight", SafetensorsDtype.BF16, ffn, hidden);
            f.tensor(p + "mlp.up_proj.weight", SafetensorsDtype.F32, ffn, hidden);
            f.tensor(p + "mlp.down_proj.weight", SafetensorsDtype.F32, hidden, ffn);
        }
        f.tensor("model.norm.weight", SafetensorsDtype.F32, hidden);
        if (!tied) {
            f.tensor("lm_head.weight", SafetensorsDtype.F32, vocab, hidden);
        }
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add(hfArch);
        c.put("hidden_size", hidden).put("num_hidden_layers", layers).put("num_attention_heads", heads)
                .put("num_key_value_heads", kvHeads).put("intermediate_size", ffn).put("vocab_size", vocab)
                .put("max_position_embeddings", 2048).put("rms_norm_eps", 1e-5).put("rope_theta", 500000.0)
                .put("tie_word_embeddings", tied);
        if (extraConfig != null) {
            c.setAll(extraConfig);
        }
        f.finish(c);
        return f;
    }

    static HfFolder gpt2(Path dir, int hidden, int layers, int heads, int vocab, int context) throws IOException {
        HfFolder f = new HfFolder(dir);
        f.tensor("wte.weight", SafetensorsDtype.F32, vocab, hidden);
        f.tensor("wpe.weight", SafetensorsDtype.F32, context, hidden);
        for (int i = 0; i < layers; i++) {
            String p = "h." + i + ".";
            f.tensor(p + "ln_1.weight", SafetensorsDtype.F32, hidden);
            f.tensor(p + "ln_1.bias", SafetensorsDtype.F32, hidden);
            f.tensor(p + "attn.bias", SafetensorsDtype.F32, 1, 1, context, context); // the causal mask buffer
            f.tensor(p + "attn.c_attn.weight", SafetensorsDtype.F32, hidden, 3L * hidden); // Conv1D: [in, out]
            f.tensor(p + "attn.c_attn.bias", SafetensorsDtype.F32, 3L * hidden);
            f.tensor(p + "attn.c_proj.weight", SafetensorsDtype.F16, hidden, hidden);
            f.tensor(p + "attn.c_proj.bias", SafetensorsDtype.F32, hidden);
            f.tensor(p + "ln_2.weight", SafetensorsDtype.F32, hidden);
            f.tensor(p + "ln_2.bias", SafetensorsDtype.F32, hidden);
            f.tensor(p + "mlp.c_fc.weight", SafetensorsDtype.F32, hidden, 4L * hidden);
            f.tensor(p + "mlp.c_fc.bias", SafetensorsDtype.F32, 4L * hidden);
            f.tensor(p + "mlp.c_proj.weight", SafetensorsDtype.F32, 4L * hidden, hidden);
            f.tensor(p + "mlp.c_proj.bias", SafetensorsDtype.F32, hidden);
        }
        f.tensor("ln_f.weight", SafetensorsDtype.F32, hidden);
        f.tensor("ln_f.bias", SafetensorsDtype.F32, hidden);
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add("GPT2LMHeadModel");
        c.put("n_embd", hidden).put("n_layer", layers).put("n_head", heads).putNull("n_inner").put("vocab_size", vocab)
                .put("n_positions", context).put("layer_norm_epsilon", 1e-5).put("bos_token_id", vocab - 1).put("eos_token_id", vocab - 1);
        f.finish(c);
        return f;
    }

    private void finish(ObjectNode config) throws IOException {
        shard1.write(dir.resolve("model-00001-of-00002.safetensors"));
        shard2.write(dir.resolve("model-00002-of-00002.safetensors"));
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", 0);
        ObjectNode map = index.putObject("weight_map");
        weightMap.forEach(map::put);
        Files.writeString(dir.resolve("model.safetensors.index.json"), index.toString());
        Files.writeString(dir.resolve("config.json"), config.toPrettyString());
    }

    /**
     * Writes tokenizer.json and tokenizer_config.json: a synthetic byte-level BPE vocabulary of
     * {@code normal} tokens, then the given special tokens; {@code regex} is the Split pattern
     * before ByteLevel (null for GPT-2's ByteLevel with its own regex, {@link #SMOLLM} for SmolLM's
     * Digits then ByteLevel).
     */
    void tokenizer(int normal, Map<Integer, String> specials, String regex, boolean ignoreMerges, boolean nfc,
                   String bos, String eos, boolean bosTemplate, String chatTemplate) throws IOException {
        int size = normal + specials.size();
        SyntheticVocabulary v = SyntheticVocabulary.create(size, normal, specials);
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0").putNull("truncation").putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        // In id order, as the tokenizers library writes them (it gives added tokens ids in file order on reading).
        new java.util.TreeMap<>(specials).forEach((id, text) -> added.addObject().put("id", id).put("content", text).put("single_word", false)
                .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true));
        if (nfc) {
            root.putObject("normalizer").put("type", "NFC");
        } else {
            root.putNull("normalizer");
        }
        ObjectNode pre = root.putObject("pre_tokenizer");
        if (regex != null && regex.equals(SMOLLM)) {
            pre.put("type", "Sequence");
            ArrayNode seq = pre.putArray("pretokenizers");
            seq.addObject().put("type", "Digits").put("individual_digits", true);
            seq.addObject().put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true).put("use_regex", true);
        } else if (regex == null) {
            pre.put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true).put("use_regex", true);
        } else {
            pre.put("type", "Sequence");
            ArrayNode seq = pre.putArray("pretokenizers");
            ObjectNode split = seq.addObject().put("type", "Split");
            split.putObject("pattern").put("Regex", regex);
            split.put("behavior", "Isolated").put("invert", false);
            seq.addObject().put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", false).put("use_regex", false);
        }
        if (bosTemplate) {
            ObjectNode post = root.putObject("post_processor").put("type", "TemplateProcessing");
            post.putArray("single").addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
            ((ArrayNode) post.get("single")).addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
            post.putArray("pair").addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
            ObjectNode st = post.putObject("special_tokens").putObject(bos);
            st.put("id", bos);
            st.putArray("ids").add(v.tokens().length > 0 ? indexOf(v.tokens(), bos) : 0);
            st.putArray("tokens").add(bos);
        } else {
            root.putObject("post_processor").put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", false)
                    .put("use_regex", true);
        }
        root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", true).put("use_regex", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE").putNull("dropout").putNull("unk_token").putNull("continuing_subword_prefix")
                .putNull("end_of_word_suffix").put("fuse_unk", false).put("byte_fallback", false).put("ignore_merges", ignoreMerges);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < normal; i++) {
            vocab.put(v.tokens()[i], i);
        }
        ArrayNode merges = model.putArray("merges");
        for (String m : v.merges()) {
            merges.add(m);
        }
        Files.writeString(dir.resolve("tokenizer.json"), root.toString());
        ObjectNode config = JSON.createObjectNode();
        config.put("bos_token", bos).put("eos_token", eos);
        if (chatTemplate != null) {
            config.put("chat_template", chatTemplate);
        }
        Files.writeString(dir.resolve("tokenizer_config.json"), config.toString());
    }

    private static int indexOf(String[] a, String s) {
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(s)) {
                return i;
            }
        }
        return -1;
    }
}
