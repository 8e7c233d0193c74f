package dev.atelier.audio.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.atelier.audio.synth.ChorusSettings;
import dev.atelier.audio.synth.DelaySettings;
import dev.atelier.audio.synth.Envelope;
import dev.atelier.audio.synth.FilterMode;
import dev.atelier.audio.synth.FilterSettings;
import dev.atelier.audio.synth.FmAlgorithm;
import dev.atelier.audio.synth.FmOperator;
import dev.atelier.audio.synth.FmSettings;
import dev.atelier.audio.synth.LfoSettings;
import dev.atelier.audio.synth.LfoShape;
import dev.atelier.audio.synth.Note;
import dev.atelier.audio.synth.Part;
import dev.atelier.audio.synth.Patch;
import dev.atelier.audio.synth.ReverbSettings;
import dev.atelier.audio.synth.Synth;
import dev.atelier.audio.synth.Waveform;
import dev.atelier.core.error.AtelierException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a score written as JSON (format in docs/AUDIO.md), strictly: every unknown key, wrong type,
 * missing field or out-of-range value is an {@code INVALID_ARGUMENT} naming its path, such as
 * {@code notes[3].pitch}. In short:
 *
 * <pre>{@code
 * {"title": "…", "tempo": 120,               // optional; with it, times and durations are in beats
 *  "reverb": "room" | "off" | {"decay": 1.2, "damping": 0.4, "mix": 0.2},
 *  "delay": "off" | {"time": 0.3, "feedback": 0.3, "mix": 0.2},
 *  "chorus": "chorus" | "flanger" | "off" | {"delay": 0.02, "depth": 0.003, "rate": 0.8, "feedback": 0, "mix": 0.5},
 *  "instruments": {"melody": "piano", "bass": {"preset": "bass", "gain": 0.4, "pan": -0.3},
 *                  "lead": {"waveform": "saw", "amplitude": {"attack": 0.01, …}, "filter": {…}, "lfo": {…}}},
 *  "notes": [{"instrument": "melody", "time": 0, "pitch": 60 | "C4", "velocity": 0.8, "duration": 0.5}]}
 * }</pre>
 */
public final class ScoreJson {
    /** Largest JSON document read: 8 MB (a few hundred thousand notes). */
    public static final int MAX_BYTES = 8 << 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxStringLength(1 << 20).maxNumberLength(40).build());
    }

    private ScoreJson() {
    }

    public static Score parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw AtelierException.invalidArgument("score", "the score is empty");
        }
        if (json.length > MAX_BYTES) {
            throw AtelierException.invalidArgument("score", "a JSON score may be at most " + (MAX_BYTES >> 20) + " MB");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw AtelierException.invalidArgument("score", "the score is not valid JSON: "
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr());
        } catch (java.io.IOException e) {
            throw AtelierException.invalidArgument("score", "the score could not be read");
        }
        return read(root);
    }

    public static Score parse(String json) {
        return parse(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads an already parsed JSON tree (as the gateway receives it). */
    public static Score read(JsonNode root) {
        Obj score = new Obj(root, "score");
        score.only("title", "tempo", "reverb", "delay", "chorus", "instruments", "notes");
        String title = score.optText("title", "");
        double beat = 1;
        if (score.has("tempo")) {
            beat = 60.0 / score.number("tempo", 10, 400);
        }
        ReverbSettings reverb = reverb(score.node("reverb"), "reverb");
        DelaySettings delay = delay(score.node("delay"), "delay");
        ChorusSettings chorus = chorus(score.node("chorus"), "chorus");

        Obj instruments = score.obj("instruments");
        Map<String, Patch> patches = new LinkedHashMap<>();
        for (Iterator<String> it = instruments.node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            patches.put(name, patch(instruments.node.get(name), "instruments." + name));
        }
        if (patches.isEmpty() || patches.size() > Synth.MAX_PARTS) {
            throw AtelierException.invalidArgument("instruments", "a score needs 1 to " + Synth.MAX_PARTS
                    + " instruments");
        }
        JsonNode notes = score.node("notes");
        if (notes == null || !notes.isArray()) {
            throw AtelierException.invalidArgument("notes", "notes must be an array");
        }
        if (notes.size() > Synth.MAX_NOTES) {
            throw AtelierException.invalidArgument("notes", "a score may have at most " + Synth.MAX_NOTES + " notes");
        }
        Map<String, List<Note>> byInstrument = new LinkedHashMap<>();
        patches.keySet().forEach(k -> byInstrument.put(k, new ArrayList<>()));
        for (int i = 0; i < notes.size(); i++) {
            String path = "notes[" + i + "]";
            Obj n = new Obj(notes.get(i), path);
            n.only("instrument", "time", "pitch", "velocity", "duration");
            String instrument = n.optText("instrument", patches.size() == 1 ? patches.keySet().iterator().next() : null);
            if (instrument == null || !patches.containsKey(instrument)) {
                throw AtelierException.invalidArgument(path + ".instrument", "note " + i + " names "
                        + (instrument == null ? "no instrument" : "an unknown instrument " + AtelierException.quote(instrument))
                        + "; the score defines " + patches.keySet());
            }
            double time = n.number("time", 0, 1e6) * beat;
            double duration = n.number("duration", 1e-4, 1e6) * beat;
            double velocity = n.has("velocity") ? n.number("velocity", 0, 1) : 0.8;
            int pitch = pitch(n.node("pitch"), path + ".pitch");
            try {
                byInstrument.get(instrument).add(new Note(time, pitch, velocity, duration));
            } catch (AtelierException e) {
                throw AtelierException.invalidArgument(path + "." + e.param(), "note " + i + ": " + e.getMessage());
            }
        }
        List<Part> parts = new ArrayList<>();
        byInstrument.forEach((name, list) -> parts.add(new Part(patches.get(name), list)));
        return new Score(title, parts, chorus, delay, reverb);
    }

    private static ChorusSettings chorus(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return ChorusSettings.off();
        }
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "chorus" -> ChorusSettings.chorus();
                case "flanger" -> ChorusSettings.flanger();
                case "off" -> ChorusSettings.off();
                default -> throw AtelierException.invalidArgument(path, path + " must be \"chorus\", \"flanger\", \"off\" or an object");
            };
        }
        Obj o = new Obj(node, path);
        o.only("delay", "depth", "rate", "feedback", "mix");
        return new ChorusSettings(o.number("delay", 0.0001, 0.05), o.has("depth") ? o.number("depth", 0, 0.05) : 0,
                o.has("rate") ? o.number("rate", 0, 20) : 0, o.has("feedback") ? o.number("feedback", -0.95, 0.95) : 0,
                o.number("mix", 0, 1));
    }

    private static int pitch(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            throw AtelierException.invalidArgument(path, path + " is required");
        }
        if (node.isTextual()) {
            return PitchNames.midi(node.asText(), path);
        }
        if (!node.isIntegralNumber() || node.asLong() < 0 || node.asLong() > 127) {
            throw AtelierException.invalidArgument(path, path + " must be a MIDI number 0 to 127 or a name like C4, got "
                    + AtelierException.quote(node.toString()));
        }
        return node.asInt();
    }

    static Patch patch(JsonNode node, String path) {
        if (node != null && node.isTextual()) {
            return Instrument.named(node.asText(), path).patch();
        }
        Obj o = new Obj(node, path);
        o.only("preset", "waveform", "pulse_width", "harmonics", "fm", "amplitude", "filter", "lfo", "gain", "pan");
        Patch base;
        if (o.has("preset")) {
            if (o.has("waveform")) {
                throw AtelierException.invalidArgument(path, path + ": give either a preset or a waveform, not both");
            }
            base = Instrument.named(o.text("preset"), path + ".preset").patch();
        } else {
            Waveform w = o.enumValue("waveform", Waveform.class);
            if (w == Waveform.WAVETABLE) {
                base = Patch.wavetable(harmonics(o.node("harmonics"), path + ".harmonics"), Envelope.organ(), 0.5);
            } else if (w == Waveform.FM) {
                base = Patch.fm(fm(o.obj("fm")), Envelope.organ(), 0.5);
            } else {
                if (o.has("harmonics") || o.has("fm")) {
                    throw AtelierException.invalidArgument(path, path + ": harmonics and fm go with the wavetable"
                            + " and fm waveforms only");
                }
                base = Patch.of(w);
            }
        }
        try {
            if (o.has("pulse_width")) {
                base = base.withPulseWidth(o.number("pulse_width", 0.01, 0.99));
            }
            if (o.has("amplitude")) {
                base = base.withAmplitude(envelope(o.obj("amplitude")));
            }
            if (o.has("filter")) {
                base = base.withFilter(filter(o.obj("filter")));
            }
            if (o.has("lfo")) {
                base = base.withLfo(lfo(o.obj("lfo")));
            }
            if (o.has("gain")) {
                base = base.withGain(o.number("gain", 0, 4));
            }
            if (o.has("pan")) {
                base = base.withPan(o.number("pan", -1, 1));
            }
        } catch (AtelierException e) {
            throw e.param() != null && e.param().startsWith(path) ? e
                    : AtelierException.invalidArgument(path, path + ": " + e.getMessage());
        }
        return base;
    }

    private static List<Double> harmonics(JsonNode node, String path) {
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > 256) {
            throw AtelierException.invalidArgument(path, path + " must be an array of 1 to 256 numbers");
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isNumber()) {
                throw AtelierException.invalidArgument(path + "[" + i + "]", path + "[" + i + "] must be a number");
            }
            out.add(node.get(i).asDouble());
        }
        return out;
    }

    private static FmSettings fm(Obj o) {
        o.only("algorithm", "operators", "feedback");
        FmAlgorithm algorithm = o.enumValue("algorithm", FmAlgorithm.class);
        JsonNode ops = o.node("operators");
        if (ops == null || !ops.isArray() || ops.size() != algorithm.operators()) {
            throw AtelierException.invalidArgument(o.path() + ".operators", o.path() + ".operators must list "
                    + algorithm.operators() + " operators for " + algorithm.name().toLowerCase(Locale.ROOT));
        }
        List<FmOperator> operators = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Obj op = new Obj(ops.get(i), o.path() + ".operators[" + i + "]");
            op.only("ratio", "level", "envelope");
            operators.add(new FmOperator(op.number("ratio", 0.01, 32), op.number("level", 0, 20),
                    op.has("envelope") ? envelope(op.obj("envelope")) : Envelope.organ()));
        }
        return new FmSettings(algorithm, operators, o.has("feedback") ? o.number("feedback", 0, 1.5) : 0);
    }

    private static Envelope envelope(Obj o) {
        o.only("attack", "decay", "sustain", "release");
        return new Envelope(o.number("attack", 0, 60), o.number("decay", 0, 60), o.number("sustain", 0, 1),
                o.number("release", 0, 60));
    }

    private static FilterSettings filter(Obj o) {
        o.only("mode", "cutoff", "resonance", "envelope", "envelope_octaves", "key_tracking");
        FilterMode mode = o.enumValue("mode", FilterMode.class);
        double cutoff = o.number("cutoff", 10, 48_000);
        double q = o.has("resonance") ? o.number("resonance", 0.1, 50) : 0.707;
        Envelope env = o.has("envelope") ? envelope(o.obj("envelope")) : Envelope.organ();
        double octaves = o.has("envelope_octaves") ? o.number("envelope_octaves", -10, 10) : 0;
        double tracking = o.has("key_tracking") ? o.number("key_tracking", 0, 1) : 0;
        return new FilterSettings(mode, cutoff, q, env, octaves, tracking);
    }

    private static LfoSettings lfo(Obj o) {
        o.only("shape", "rate", "pitch_cents", "cutoff_octaves");
        LfoShape shape = o.has("shape") ? o.enumValue("shape", LfoShape.class) : LfoShape.SINE;
        return new LfoSettings(shape, o.number("rate", 0, 50),
                o.has("pitch_cents") ? o.number("pitch_cents", 0, 1200) : 0,
                o.has("cutoff_octaves") ? o.number("cutoff_octaves", 0, 10) : 0);
    }

    private static ReverbSettings reverb(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return ReverbSettings.off();
        }
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "room" -> ReverbSettings.room();
                case "off" -> ReverbSettings.off();
                default -> throw AtelierException.invalidArgument(path, path + " must be \"room\", \"off\" or an object");
            };
        }
        Obj o = new Obj(node, path);
        o.only("decay", "damping", "mix");
        return new ReverbSettings(o.number("decay", 0.1, 20), o.has("damping") ? o.number("damping", 0, 1) : 0.4,
                o.number("mix", 0, 1));
    }

    private static DelaySettings delay(JsonNode node, String path) {
        if (node == null || node.isNull() || (node.isTextual() && node.asText().equals("off"))) {
            return DelaySettings.off();
        }
        Obj o = new Obj(node, path);
        o.only("time", "feedback", "mix");
        return new DelaySettings(o.number("time", 0, 5), o.has("feedback") ? o.number("feedback", 0, 0.95) : 0,
                o.number("mix", 0, 1));
    }

    /** A JSON object with its path, for error messages. */
    private record Obj(JsonNode node, String path) {
        Obj {
            if (node == null || !node.isObject()) {
                throw AtelierException.invalidArgument(path, path + " must be a JSON object");
            }
        }

        void only(String... allowed) {
            Set<String> ok = Set.of(allowed);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!ok.contains(k)) {
                    throw AtelierException.invalidArgument(path + "." + k, "unknown key " + AtelierException.quote(k)
                            + " in " + path + "; allowed: " + List.of(allowed));
                }
            }
        }

        boolean has(String key) {
            return node.has(key) && !node.get(key).isNull();
        }

        JsonNode node(String key) {
            return node.get(key);
        }

        Obj obj(String key) {
            return new Obj(node.get(key), path + "." + key);
        }

        String text(String key) {
            JsonNode v = node.get(key);
            if (v == null || !v.isTextual()) {
                throw AtelierException.invalidArgument(path + "." + key, path + "." + key + " must be a string");
            }
            return v.asText();
        }

        String optText(String key, String fallback) {
            return has(key) ? text(key) : fallback;
        }

        double number(String key, double min, double max) {
            JsonNode v = node.get(key);
            String p = path + "." + key;
            if (v == null || v.isNull()) {
                throw AtelierException.invalidArgument(p, p + " is required");
            }
            if (!v.isNumber()) {
                throw AtelierException.invalidArgument(p, p + " must be a number, got " + AtelierException.quote(v.toString()));
            }
            double d = v.asDouble();
            if (!Double.isFinite(d) || d < min || d > max) {
                throw AtelierException.invalidArgument(p, p + " must be between " + min + " and " + max + ", got " + d);
            }
            return d;
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type) {
            String s = text(key);
            try {
                return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_'));
            } catch (IllegalArgumentException e) {
                throw AtelierException.invalidArgument(path + "." + key, path + "." + key + ": unknown value "
                        + AtelierException.quote(s) + "; allowed: "
                        + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
            }
        }
    }
}
