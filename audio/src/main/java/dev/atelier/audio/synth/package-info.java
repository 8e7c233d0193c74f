/**
 * The synthesizer: small unit generators with named ports ({@link dev.atelier.audio.synth.UnitGenerator},
 * {@link dev.atelier.audio.synth.InputPort}, {@link dev.atelier.audio.synth.OutputPort}) computed in
 * blocks of float samples, wired into voices and effects, and {@link dev.atelier.audio.synth.Synth},
 * which renders {@link dev.atelier.audio.synth.Note}s played by {@link dev.atelier.audio.synth.Patch}es
 * into a {@link dev.atelier.audio.Clip}.
 *
 * <p>Sources: band-limited oscillators (PolyBLEP saw and pulse, PolyBLAMP triangle, sine), white
 * and pink noise. Shapers: {@link dev.atelier.audio.synth.Adsr}, {@link dev.atelier.audio.synth.Lfo},
 * {@link dev.atelier.audio.synth.StateVariableFilter}. Structure: {@link dev.atelier.audio.synth.Voice},
 * {@link dev.atelier.audio.synth.Polyphony} (voice stealing), {@link dev.atelier.audio.synth.Mixer}
 * (equal-power pan). Effects: {@link dev.atelier.audio.synth.Delay}, {@link dev.atelier.audio.synth.Reverb},
 * {@link dev.atelier.audio.synth.Limiter}.
 */
package dev.atelier.audio.synth;
