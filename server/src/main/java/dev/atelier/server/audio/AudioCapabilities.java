package dev.atelier.server.audio;

import dev.atelier.core.model.VerifiedModel;
import dev.atelier.server.ModelBinding;
import java.util.Set;

/**
 * Binds the weightless audio models: {@code audio-synthesis} (the module's synthesizer, settings in
 * {@code synth.json}) and {@code speech} (FreeTTS, settings in {@code speech.json}). Both run on the
 * CPU whatever device the worker is given.
 */
public final class AudioCapabilities {
    static final String SYNTH_ENGINE = "atelier-synth";
    static final String SPEECH_ENGINE = "freetts";

    private AudioCapabilities() {
    }

    public static ModelBinding bindSynthesis(VerifiedModel model) {
        AudioModelConfig config = AudioModelConfig.read(model, "synth.json", SYNTH_ENGINE);
        return new ModelBinding(Set.of(SynthesisHandler.TASK), (name, device) -> new SynthesisHandler(config));
    }

    public static ModelBinding bindSpeech(VerifiedModel model) {
        AudioModelConfig config = AudioModelConfig.read(model, "speech.json", SPEECH_ENGINE);
        return new ModelBinding(Set.of(SpeechHandler.TASK), (name, device) -> new SpeechHandler(config));
    }
}
