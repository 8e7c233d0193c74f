package dev.atelier.server.audio;

import dev.atelier.audio.AudioLimits;
import dev.atelier.audio.Clip;
import dev.atelier.audio.abc.AbcArranger;
import dev.atelier.audio.abc.AbcParser;
import dev.atelier.audio.dsp.OnsetDetector;
import dev.atelier.audio.dsp.PitchMethod;
import dev.atelier.audio.dsp.PitchTracker;
import dev.atelier.audio.io.AudioFormatName;
import dev.atelier.audio.loudness.LoudnessMeter;
import dev.atelier.audio.loudness.LoudnessNormalizer;
import dev.atelier.audio.prompt.PromptParser;
import dev.atelier.audio.prompt.PromptResult;
import dev.atelier.audio.score.Score;
import dev.atelier.audio.score.ScoreJson;
import dev.atelier.core.error.AtelierException;
import dev.atelier.server.worker.ModelHandler;
import dev.atelier.server.worker.WorkContext;
import dev.atelier.server.worker.WorkRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The {@code audio-synthesis} task: exactly one of {@code prompt} (text), {@code score} (a JSON
 * score object) or {@code abc} (ABC text, with {@code tune} when it holds several); optional
 * {@code sample_rate}, {@code format} (wav, wav24, wav32f, flac, pcm, pcm_f32), {@code strict}
 * (refuse unknown prompt words). Answers the clip in base64 with an analysis of it (loudness,
 * true peak, median pitch, onsets) and, for prompts, how the prompt was read.
 */
public final class SynthesisHandler implements ModelHandler {
    public static final String TASK = "audio-synthesis";
    private static final int MAX_TEXT = 1 << 20;

    private final AudioModelConfig config;

    SynthesisHandler(AudioModelConfig config) {
        this.config = config;
    }

    @Override
    public JsonObject handle(WorkRequest request, WorkContext context) {
        JsonObject body = request.body();
        int sources = (body.getValue("prompt") != null ? 1 : 0) + (body.getValue("score") != null ? 1 : 0)
                + (body.getValue("abc") != null ? 1 : 0);
        if (sources != 1) {
            throw AtelierException.invalidArgument("prompt", "give exactly one of 'prompt', 'score' or 'abc'");
        }
        int sampleRate = (int) longArg(body, "sample_rate", config.sampleRate(), AudioLimits.MIN_SAMPLE_RATE,
                AudioLimits.MAX_SAMPLE_RATE);
        AudioFormatName format = AudioFormatName.parse(stringArg(body, "format", "wav", 16));
        JsonObject extra = new JsonObject();
        Clip clip;
        if (body.getValue("prompt") != null) {
            PromptResult r = PromptParser.parse(stringArg(body, "prompt", null, PromptParser.MAX_CHARS),
                    body.getValue("strict") instanceof Boolean b && b);
            checkLength(r.seconds());
            extra.put("interpretation", r.interpretation()).put("unknown_words", new JsonArray(r.unknownWords()));
            context.checkCancelled();
            clip = r.render(sampleRate);
        } else {
            Score score;
            if (body.getValue("score") != null) {
                if (!(body.getValue("score") instanceof JsonObject s)) {
                    throw AtelierException.invalidArgument("score", "'score' must be a JSON object");
                }
                score = ScoreJson.parse(s.encode());
            } else {
                Integer tune = body.getValue("tune") == null ? null
                        : (int) longArg(body, "tune", 1, 0, Integer.MAX_VALUE);
                score = AbcArranger.arrange(AbcParser.parseTune(stringArg(body, "abc", null, MAX_TEXT), tune),
                        AbcArranger.Options.defaults());
            }
            checkLength(score.lastNoteEnd());
            context.checkCancelled();
            clip = score.render(sampleRate);
        }
        if (LoudnessMeter.integrated(clip) > -70) {
            clip = LoudnessNormalizer.normalize(clip, config.targetLufs(), LoudnessNormalizer.DEFAULT_CEILING_DBTP).clip();
        }
        context.checkCancelled();
        return AudioResults.of(request.model(), clip, format).put("analysis", analysis(clip)).mergeIn(extra);
    }

    private void checkLength(double seconds) {
        if (seconds > config.maxSeconds()) {
            throw AtelierException.invalidArgument("duration", String.format(java.util.Locale.ROOT,
                    "the request asks for %.1f s of audio; this model renders at most %.0f s", seconds, config.maxSeconds()));
        }
    }

    static JsonObject analysis(Clip clip) {
        LoudnessMeter.Loudness l = LoudnessMeter.measure(clip);
        double pitch = PitchTracker.of(PitchMethod.YIN).track(clip).medianHz(0, Double.MAX_VALUE);
        List<Double> onsets = OnsetDetector.defaults().detect(clip);
        JsonObject a = new JsonObject()
                .put("loudness_lufs", finite(l.integratedLufs()))
                .put("true_peak_dbtp", finite(l.truePeakDbtp()))
                .put("median_pitch_hz", finite(pitch))
                .put("onsets_seconds", new JsonArray(onsets.stream().limit(1000)
                        .map(t -> Math.round(t * 10_000) / 10_000.0).toList()));
        return a;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : null;
    }

    static String stringArg(JsonObject body, String name, String fallback, int maxLength) {
        Object v = body.getValue(name);
        if (v == null) {
            if (fallback == null) {
                throw AtelierException.invalidArgument(name, "'" + name + "' is required");
            }
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw AtelierException.invalidArgument(name, "'" + name + "' must be a string");
        }
        if (s.length() > maxLength) {
            throw AtelierException.invalidArgument(name, "'" + name + "' may be at most " + maxLength + " characters");
        }
        return s;
    }

    static long longArg(JsonObject body, String name, long fallback, long min, long max) {
        Object v = body.getValue(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() < min || n.doubleValue() > max) {
            throw AtelierException.invalidArgument(name, "'" + name + "' must be an integer from " + min + " to " + max);
        }
        return n.longValue();
    }

    static double doubleArg(JsonObject body, String name, double fallback, double min, double max) {
        Object v = body.getValue(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < min || n.doubleValue() > max) {
            throw AtelierException.invalidArgument(name, "'" + name + "' must be a number from " + min + " to " + max);
        }
        return n.doubleValue();
    }
}
