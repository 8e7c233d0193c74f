package dev.atelier.server.audio;

import dev.atelier.audio.AudioLimits;
import dev.atelier.audio.Clip;
import dev.atelier.audio.io.AudioFormatName;
import dev.atelier.audio.speech.Speech;
import dev.atelier.core.error.AtelierException;
import dev.atelier.server.worker.ModelHandler;
import dev.atelier.server.worker.WorkContext;
import dev.atelier.server.worker.WorkRequest;
import io.vertx.core.json.JsonObject;

/**
 * The {@code speech} task: {@code input} (text, at most 2000 characters), optional {@code voice}
 * (the model's one voice), {@code speed} (0.5 to 2), {@code sample_rate}, {@code format}. Answers
 * the spoken clip in base64.
 */
public final class SpeechHandler implements ModelHandler {
    public static final String TASK = "speech";

    private final AudioModelConfig config;

    SpeechHandler(AudioModelConfig config) {
        this.config = config;
    }

    @Override
    public JsonObject handle(WorkRequest request, WorkContext context) {
        JsonObject body = request.body();
        String text = SynthesisHandler.stringArg(body, "input", null, Speech.MAX_CHARS);
        String voice = SynthesisHandler.stringArg(body, "voice", config.voice(), 64);
        if (!voice.equals(config.voice())) {
            throw AtelierException.invalidArgument("voice", "unknown voice " + AtelierException.quote(voice)
                    + "; this model speaks with '" + config.voice() + "'");
        }
        double speed = SynthesisHandler.doubleArg(body, "speed", 1.0, 0.5, 2.0);
        int sampleRate = (int) SynthesisHandler.longArg(body, "sample_rate", config.sampleRate(),
                AudioLimits.MIN_SAMPLE_RATE, AudioLimits.MAX_SAMPLE_RATE);
        AudioFormatName format = AudioFormatName.parse(SynthesisHandler.stringArg(body, "format", "wav", 16));
        context.checkCancelled();
        Clip clip = Speech.say(text, sampleRate, speed, config.targetLufs());
        return AudioResults.of(request.model(), clip, format);
    }
}
