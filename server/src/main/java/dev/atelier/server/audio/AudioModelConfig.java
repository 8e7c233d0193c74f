package dev.atelier.server.audio;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.ModelFile;
import dev.atelier.core.model.VerifiedModel;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;

/**
 * The settings file of a weightless audio "model" (the synthesizer, the speech engine): which
 * engine and version it is, and how it renders by default. The manifest lists this file with its
 * sha256, so what is served is exactly what was reviewed.
 */
record AudioModelConfig(String engine, String engineVersion, int sampleRate, double targetLufs, double maxSeconds,
                        String voice) {

    static AudioModelConfig read(VerifiedModel model, String fileName, String expectedEngine) {
        ModelFile file = model.manifest().files().stream().filter(f -> f.path().equals(fileName)).findFirst()
                .orElseThrow(() -> AtelierException.unavailable("model '" + model.name() + "' lists no " + fileName));
        JsonObject json;
        try {
            json = new JsonObject(Files.readString(model.files().get(file.path())));
        } catch (IOException | DecodeException e) {
            throw AtelierException.unavailable("model '" + model.name() + "': unreadable " + fileName);
        }
        String engine = json.getString("engine", "");
        if (!engine.equals(expectedEngine)) {
            throw AtelierException.unavailable("model '" + model.name() + "' names engine '" + engine
                    + "'; this capability runs '" + expectedEngine + "'");
        }
        return new AudioModelConfig(engine, json.getString("engine_version", ""),
                json.getInteger("sample_rate", 44_100), json.getDouble("target_lufs", -16.0),
                json.getDouble("max_seconds", 120.0), json.getString("voice", ""));
    }
}
