/**
 * Atelier's audio generator: {@link dev.atelier.audio.Clip} (immutable float audio) and the
 * {@link dev.atelier.audio.AudioLimits} every entry point checks; the synthesizer lives in
 * {@code synth}, files in {@code io}, measurements in {@code analysis}.
 */
package dev.atelier.audio;
