package dev.atelier.server.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.audio.speech.SpeechCreateParams;
import dev.atelier.audio.Clip;
import dev.atelier.audio.dsp.PitchMethod;
import dev.atelier.audio.dsp.PitchTracker;
import dev.atelier.audio.io.WavFile;
import dev.atelier.core.model.ModelStore;
import dev.atelier.server.Capabilities;
import dev.atelier.server.GatewayHarness;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two weightless audio models served by default, end to end: committed manifests, the model
 * store's verification, workers, the native routes and OpenAI's {@code /v1/audio/speech} driven by
 * the official OpenAI Java client. The audio that comes back is checked by analysis.
 */
class AudioGatewayTest {
    static final String SYNTH = "atelier-synth";
    static final String SPEECH = "freetts-kevin16";
    static GatewayHarness g;
    static OpenAIClient openai;

    @BeforeAll
    static void start() throws Exception {
        ModelStore store = ModelStore.defaultStore();
        g = GatewayHarness.builder()
                .model(SYNTH, Capabilities.bind(store, SYNTH), 1, 4, 60_000, 1)
                .model(SPEECH, Capabilities.bind(store, SPEECH), 1, 4, 60_000, 1)
                .start();
        g.awaitReady();
        openai = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + g.gateway.port() + "/v1")
                .apiKey("not-needed-on-loopback").maxRetries(0).build();
    }

    @AfterAll
    static void stop() throws Exception {
        openai.close();
        g.close();
    }

    @Test
    void aPromptComesBackAsAWavAtItsPitchWithItsAnalysis() throws Exception {
        var r = g.post("/api/v1/audio-synthesis", new JsonObject().put("model", SYNTH)
                .put("prompt", "a bell at 880 Hz for 2 seconds").encode());
        assertEquals(200, r.statusCode(), r.body());
        JsonObject body = new JsonObject(r.body());
        Clip clip = WavFile.read(Base64.getDecoder().decode(body.getString("audio")));
        assertEquals(2.0, clip.durationSeconds(), 1e-3);
        double hz = new PitchTracker(PitchMethod.YIN, 2048, 256).medianHz(clip, 0.05, 1.0);
        assertEquals(880, hz, 880 * (Math.pow(2, 1 / 1200.0) - 1));
        JsonObject analysis = body.getJsonObject("analysis");
        assertEquals(-16, analysis.getDouble("loudness_lufs"), 0.5);
        assertEquals(880, analysis.getDouble("median_pitch_hz"), 1);
        assertTrue(body.getString("interpretation").startsWith("bell note at 880.0 Hz"));
    }

    @Test
    void anAbcTuneAndAScoreRender() throws Exception {
        var abc = g.post("/api/v1/audio-synthesis", new JsonObject().put("model", SYNTH).put("format", "flac")
                .put("abc", "X:1\nT:t\nM:4/4\nL:1/4\nK:D\n\"D\"DFAd|\"A\"c4|]\n").encode());
        assertEquals(200, abc.statusCode(), abc.body());
        assertEquals("audio/flac", new JsonObject(abc.body()).getString("media_type"));
        var score = g.post("/api/v1/audio-synthesis", new JsonObject().put("model", SYNTH).put("score", new JsonObject(
                "{\"instruments\": {\"a\": \"piano\"}, \"notes\": [{\"time\": 0, \"pitch\": \"C4\", \"duration\": 0.5}]}")).encode());
        assertEquals(200, score.statusCode(), score.body());
    }

    @Test
    void badSynthesisRequestsAre400sNamingTheParameter() throws Exception {
        String[][] cases = {
                {"{\"model\":\"" + SYNTH + "\"}", "prompt"},
                {"{\"model\":\"" + SYNTH + "\",\"prompt\":\"rain\",\"abc\":\"X:1\"}", "prompt"},
                {"{\"model\":\"" + SYNTH + "\",\"prompt\":\"a purple bell\",\"strict\":true}", "prompt"},
                {"{\"model\":\"" + SYNTH + "\",\"prompt\":\"rain\",\"sample_rate\":1000000}", "sample_rate"},
                {"{\"model\":\"" + SYNTH + "\",\"prompt\":\"rain\",\"format\":\"mp3\"}", "format"},
                {"{\"model\":\"" + SYNTH + "\",\"prompt\":\"rain for 5 minutes\"}", "duration"},
                {"{\"model\":\"" + SYNTH + "\",\"abc\":\"X:1\\nK:C\\nA & B|\"}", "abc"},
                {"{\"model\":\"" + SYNTH + "\",\"score\":{\"instruments\":{\"a\":\"piano\"},\"notes\":[{\"time\":0,\"pitch\":300,\"duration\":1}]}}", "notes[0].pitch"},
        };
        for (String[] c : cases) {
            var r = g.post("/api/v1/audio-synthesis", c[0]);
            assertEquals(400, r.statusCode(), c[0] + " -> " + r.body());
            assertEquals(c[1], new JsonObject(r.body()).getJsonObject("error").getString("param"), r.body());
        }
    }

    @Test
    void theOfficialClientGetsSpeechInEachFormat() throws Exception {
        byte[] wav;
        try (HttpResponse r = openai.audio().speech().create(SpeechCreateParams.builder().model(SPEECH)
                .input("Hello from the gateway.").voice("kevin16")
                .responseFormat(SpeechCreateParams.ResponseFormat.WAV).build())) {
            wav = r.body().readAllBytes();
        }
        Clip clip = WavFile.read(wav);
        assertEquals(24_000, clip.sampleRate());
        assertTrue(clip.durationSeconds() > 0.8 && clip.rmsDbfs() > -40, clip.durationSeconds() + " s");
        try (HttpResponse r = openai.audio().speech().create(SpeechCreateParams.builder().model(SPEECH)
                .input("Hello from the gateway.").voice("kevin16")
                .responseFormat(SpeechCreateParams.ResponseFormat.PCM).build())) {
            byte[] pcm = r.body().readAllBytes();
            assertEquals(clip.frames() * 2, pcm.length, "the same speech as raw 16-bit samples");
        }
        try (HttpResponse r = openai.audio().speech().create(SpeechCreateParams.builder().model(SPEECH)
                .input("Hello from the gateway.").voice("kevin16")
                .responseFormat(SpeechCreateParams.ResponseFormat.FLAC).build())) {
            assertEquals("fLaC", new String(r.body().readAllBytes(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    @Test
    void badSpeechRequestsAre400s() throws Exception {
        assertThrows(BadRequestException.class, () -> openai.audio().speech().create(SpeechCreateParams.builder()
                .model(SPEECH).input("hi").voice("kevin16").responseFormat(SpeechCreateParams.ResponseFormat.MP3).build()));
        assertThrows(BadRequestException.class, () -> openai.audio().speech().create(SpeechCreateParams.builder()
                .model(SPEECH).input("hi").voice("alloy").build()));
        assertThrows(BadRequestException.class, () -> openai.audio().speech().create(SpeechCreateParams.builder()
                .model(SPEECH).input("hi").voice("kevin16").speed(4.0).build()));
        assertThrows(BadRequestException.class, () -> openai.audio().speech().create(SpeechCreateParams.builder()
                .model(SPEECH).input("").voice("kevin16").build()));
        var huge = g.post("/v1/audio/speech", new JsonObject().put("model", SPEECH).put("input", "x".repeat(5000)).encode());
        assertEquals(400, huge.statusCode());
        var wrongTask = g.post("/v1/audio/speech", new JsonObject().put("model", SYNTH).put("input", "hi").encode());
        assertEquals(400, wrongTask.statusCode(), wrongTask.body());
    }
}
