package dev.atelier.text.llm;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The transformer families the engine runs, by their GGUF {@code general.architecture} name. */
public enum Architecture {
    /** Llama 2/3, Mistral, SmolLM: RMSNorm, RoPE on adjacent pairs, GQA, SwiGLU. */
    LLAMA("llama"),
    /** Qwen 2/2.5: the Llama block with biases on Q, K, V and RoPE on the two halves of a head (NeoX). */
    QWEN2("qwen2"),
    /** GPT-2: learned positions, LayerNorm, fused QKV with biases, GELU MLP, tied embeddings. */
    GPT2("gpt2");

    private final String ggufName;

    Architecture(String ggufName) {
        this.ggufName = ggufName;
    }

    /** The name GGUF files give it, also the prefix of its metadata keys. */
    public String ggufName() {
        return ggufName;
    }

    public static Optional<Architecture> fromGguf(String name) {
        return Arrays.stream(values()).filter(a -> a.ggufName.equals(name.toLowerCase(Locale.ROOT))).findFirst();
    }
}
