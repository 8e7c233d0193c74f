package dev.atelier.text.convert;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a Hugging Face tensor name to llama.cpp's GGUF name and says how its data must be
 * rearranged on the way.
 *
 * @param gguf the GGUF tensor name
 * @param transform what to do to the rows
 */
record HfTensorName(String gguf, Transform transform) {

    enum Transform {
        /** Same rows: HF's [out, in] row-major is GGUF's ne = [in, out]. */
        NONE,
        /** Q projection of a {@code llama} model: rows of each head reordered so RoPE rotates adjacent pairs. */
        PERMUTE_Q,
        /** K projection of a {@code llama} model: as Q, per KV head. */
        PERMUTE_K,
        /** GPT-2's Conv1D weights are stored [in, out]: transposed to [out, in] rows. */
        TRANSPOSE
    }

    private static final Pattern LLAMA_LAYER = Pattern.compile("model\\.layers\\.(\\d+)\\.(.+)");
    private static final Pattern GPT2_LAYER = Pattern.compile("h\\.(\\d+)\\.(.+)");

    /** The mapping, or empty for tensors the GGUF does not need (RoPE caches, causal-mask buffers). */
    static Optional<HfTensorName> map(String architecture, String hf) {
        return architecture.equals("gpt2") ? gpt2(hf.startsWith("transformer.") ? hf.substring("transformer.".length()) : hf)
                : llama(hf, architecture.equals("llama"));
    }

    /** Whether {@code hf} is a tensor the converter skips on purpose. */
    static boolean ignored(String hf) {
        return hf.endsWith("rotary_emb.inv_freq") || hf.matches("(transformer\\.)?h\\.\\d+\\.attn\\.(masked_)?bias");
    }

    private static Optional<HfTensorName> llama(String hf, boolean permute) {
        switch (hf) {
            case "model.embed_tokens.weight":
                return of("token_embd.weight");
            case "model.norm.weight":
                return of("output_norm.weight");
            case "lm_head.weight":
                return of("output.weight");
            default:
                break;
        }
        Matcher m = LLAMA_LAYER.matcher(hf);
        if (!m.matches()) {
            return Optional.empty();
        }
        String b = "blk." + m.group(1) + ".";
        String rest = m.group(2);
        int dot = rest.lastIndexOf('.');
        String module = rest.substring(0, dot);
        String kind = rest.substring(dot + 1); // weight or bias
        String name = switch (module) {
            case "input_layernorm" -> "attn_norm";
            case "self_attn.q_proj" -> "attn_q";
            case "self_attn.k_proj" -> "attn_k";
            case "self_attn.v_proj" -> "attn_v";
            case "self_attn.o_proj" -> "attn_output";
            case "post_attention_layernorm" -> "ffn_norm";
            case "mlp.gate_proj" -> "ffn_gate";
            case "mlp.up_proj" -> "ffn_up";
            case "mlp.down_proj" -> "ffn_down";
            default -> null;
        };
        if (name == null) {
            return Optional.empty();
        }
        Transform t = !permute ? Transform.NONE
                : name.equals("attn_q") ? Transform.PERMUTE_Q : name.equals("attn_k") ? Transform.PERMUTE_K : Transform.NONE;
        return Optional.of(new HfTensorName(b + name + "." + kind, t));
    }

    private static Optional<HfTensorName> gpt2(String hf) {
        switch (hf) {
            case "wte.weight":
                return of("token_embd.weight");
            case "wpe.weight":
                return of("position_embd.weight");
            case "ln_f.weight":
                return of("output_norm.weight");
            case "ln_f.bias":
                return of("output_norm.bias");
            case "lm_head.weight":
                return of("output.weight");
            default:
                break;
        }
        Matcher m = GPT2_LAYER.matcher(hf);
        if (!m.matches()) {
            return Optional.empty();
        }
        String b = "blk." + m.group(1) + ".";
        return Optional.ofNullable(switch (m.group(2)) {
            case "ln_1.weight" -> new HfTensorName(b + "attn_norm.weight", Transform.NONE);
            case "ln_1.bias" -> new HfTensorName(b + "attn_norm.bias", Transform.NONE);
            case "attn.c_attn.weight" -> new HfTensorName(b + "attn_qkv.weight", Transform.TRANSPOSE);
            case "attn.c_attn.bias" -> new HfTensorName(b + "attn_qkv.bias", Transform.NONE);
            case "attn.c_proj.weight" -> new HfTensorName(b + "attn_output.weight", Transform.TRANSPOSE);
            case "attn.c_proj.bias" -> new HfTensorName(b + "attn_output.bias", Transform.NONE);
            case "ln_2.weight" -> new HfTensorName(b + "ffn_norm.weight", Transform.NONE);
            case "ln_2.bias" -> new HfTensorName(b + "ffn_norm.bias", Transform.NONE);
            case "mlp.c_fc.weight" -> new HfTensorName(b + "ffn_up.weight", Transform.TRANSPOSE);
            case "mlp.c_fc.bias" -> new HfTensorName(b + "ffn_up.bias", Transform.NONE);
            case "mlp.c_proj.weight" -> new HfTensorName(b + "ffn_down.weight", Transform.TRANSPOSE);
            case "mlp.c_proj.bias" -> new HfTensorName(b + "ffn_down.bias", Transform.NONE);
            default -> null;
        });
    }

    private static Optional<HfTensorName> of(String gguf) {
        return Optional.of(new HfTensorName(gguf, Transform.NONE));
    }
}
