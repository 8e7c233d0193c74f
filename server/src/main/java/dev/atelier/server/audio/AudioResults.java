package dev.atelier.server.audio;

import dev.atelier.audio.Clip;
import dev.atelier.audio.io.AudioFormatName;
import io.vertx.core.json.JsonObject;
import java.util.Base64;

/** The JSON both audio tasks answer with: the encoded clip in base64 and what it is. */
final class AudioResults {
    private AudioResults() {
    }

    static JsonObject of(String model, Clip clip, AudioFormatName format) {
        return new JsonObject()
                .put("model", model)
                .put("format", format.name().toLowerCase(java.util.Locale.ROOT))
                .put("media_type", format.mediaType())
                .put("sample_rate", clip.sampleRate())
                .put("channels", clip.channelCount())
                .put("duration_seconds", clip.durationSeconds())
                .put("audio", Base64.getEncoder().encodeToString(format.encode(clip)));
    }
}
