package dev.atelier.text.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.model.ModelIntegrityException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The hyper-parameters of a Hugging Face {@code config.json}, mapped to llama.cpp's architecture
 * names: LlamaForCausalLM and MistralForCausalLM (also SmolLM) → {@code llama},
 * Qwen2ForCausalLM → {@code qwen2}, GPT2LMHeadModel → {@code gpt2}. A missing required field or an
 * unsupported architecture is a {@link ModelIntegrityException} (UNAVAILABLE) naming it.
 *
 * @param headDim per-head size ({@code head_dim}, default hidden / heads)
 * @param ropeScaling Llama 3 scaling, or null
 * @param linearRopeFactor linear ("linear" / "yarn" type) scaling factor, or 0 for none
 */
public record HfConfig(String hfArchitecture, String architecture, int hidden, int layers, int heads, int kvHeads,
                       int ffn, int vocab, int context, int headDim, double ropeTheta, double normEps,
                       boolean tiedEmbeddings, Llama3RopeScaling ropeScaling, String ropeScalingType,
                       double linearRopeFactor, int ropeOriginalContext, int bosTokenId, int eosTokenId) {

    static HfConfig parse(JsonNode c, Path file) {
        String model = file.toAbsolutePath().getParent() == null ? "model"
                : String.valueOf(file.toAbsolutePath().getParent().getFileName());
        Problems p = new Problems(model, file);
        JsonNode archs = c.path("architectures");
        String hf = archs.isArray() && !archs.isEmpty() ? archs.get(0).asText("") : "";
        String arch = switch (hf) {
            case "LlamaForCausalLM", "MistralForCausalLM" -> "llama";
            case "Qwen2ForCausalLM" -> "qwen2";
            case "GPT2LMHeadModel" -> "gpt2";
            default -> throw p.problem("names architecture '" + hf + "'; supported: LlamaForCausalLM, "
                    + "MistralForCausalLM, Qwen2ForCausalLM, GPT2LMHeadModel");
        };
        int bos = c.path("bos_token_id").canConvertToInt() ? c.path("bos_token_id").asInt() : -1;
        int eos = c.path("eos_token_id").canConvertToInt() ? c.path("eos_token_id").asInt()
                : c.path("eos_token_id").isArray() && c.path("eos_token_id").size() > 0 ? c.path("eos_token_id").get(0).asInt() : -1;
        if (arch.equals("gpt2")) {
            int hidden = p.positive(c, "n_embd");
            int ffn = c.path("n_inner").isNull() || c.path("n_inner").isMissingNode() ? 4 * hidden : p.positive(c, "n_inner");
            int heads = p.positive(c, "n_head");
            p.check(hidden % heads == 0, "n_embd " + hidden + " is not a multiple of n_head " + heads);
            return new HfConfig(hf, arch, hidden, p.positive(c, "n_layer"), heads, heads, ffn, p.positive(c, "vocab_size"),
                    p.positive(c, "n_positions"), hidden / heads, 0, c.path("layer_norm_epsilon").asDouble(1e-5), true,
                    null, null, 0, 0, bos, eos);
        }
        int hidden = p.positive(c, "hidden_size");
        int heads = p.positive(c, "num_attention_heads");
        int kvHeads = c.has("num_key_value_heads") && !c.get("num_key_value_heads").isNull() ? p.positive(c, "num_key_value_heads") : heads;
        p.check(heads % kvHeads == 0, "num_attention_heads " + heads + " is not a multiple of num_key_value_heads " + kvHeads);
        int headDim = c.has("head_dim") && !c.get("head_dim").isNull() ? p.positive(c, "head_dim") : hidden / heads;
        p.check(c.has("head_dim") || hidden % heads == 0, "hidden_size is not a multiple of num_attention_heads");
        p.check(headDim % 2 == 0, "head_dim " + headDim + " is odd: RoPE rotates pairs");
        boolean tied = c.path("tie_word_embeddings").asBoolean(false);
        JsonNode rs = c.path("rope_scaling");
        Llama3RopeScaling llama3 = null;
        String scalingType = null;
        double factor = 0;
        int original = 0;
        if (rs.isObject()) {
            String type = rs.path("rope_type").asText(rs.path("type").asText("")).toLowerCase(Locale.ROOT);
            switch (type) {
                case "llama3" -> llama3 = new Llama3RopeScaling(rs.path("factor").asDouble(8), rs.path("low_freq_factor").asDouble(1),
                        rs.path("high_freq_factor").asDouble(4), rs.path("original_max_position_embeddings").asInt(8192));
                case "linear", "yarn" -> {
                    scalingType = type;
                    factor = rs.path("factor").asDouble(1);
                    original = rs.path("original_max_position_embeddings").asInt(0);
                    p.check(factor >= 1, "rope_scaling.factor must be at least 1");
                }
                case "default", "" -> {
                }
                default -> throw p.problem("has rope_scaling type '" + type + "'; supported: llama3, linear, yarn");
            }
        }
        return new HfConfig(hf, arch, hidden, p.positive(c, "num_hidden_layers"), heads, kvHeads,
                p.positive(c, "intermediate_size"), p.positive(c, "vocab_size"), p.positive(c, "max_position_embeddings"),
                headDim, c.path("rope_theta").asDouble(10000), c.path("rms_norm_eps").asDouble(1e-6), tied,
                llama3, scalingType, factor, original, bos, eos);
    }

    /** Errors about config.json. */
    private record Problems(String model, Path file) {
        ModelIntegrityException problem(String what) {
            return new ModelIntegrityException(model, "config.json", file, what);
        }

        int positive(JsonNode c, String key) {
            JsonNode n = c.get(key);
            if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() <= 0 || n.asInt() > 100_000_000) {
                throw problem("has no positive integer '" + key + "'");
            }
            return n.asInt();
        }

        void check(boolean ok, String what) {
            if (!ok) {
                throw problem("is inconsistent: " + what);
            }
        }
    }
}
