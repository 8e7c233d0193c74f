package dev.atelier.text.llm;

/**
 * Which dimensions of a head RoPE rotates together. GGUF files of the {@code llama} architecture
 * store Q and K so that pairs (2i, 2i+1) rotate; NeoX-style models (Qwen2) rotate (i, i + d/2).
 */
public enum RopeStyle {
    ADJACENT_PAIRS,
    HALVES
}
