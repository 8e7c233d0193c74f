package dev.atelier.audio.score;

import dev.atelier.audio.synth.Envelope;
import dev.atelier.audio.synth.FmSettings;
import dev.atelier.audio.synth.FilterMode;
import dev.atelier.audio.synth.FilterSettings;
import dev.atelier.audio.synth.LfoSettings;
import dev.atelier.audio.synth.LfoShape;
import dev.atelier.audio.synth.Patch;
import dev.atelier.audio.synth.Waveform;
import dev.atelier.core.error.AtelierException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The named instrument presets that scores, MIDI programs, ABC tunes and prompts refer to. Each is
 * a {@link Patch} of the synthesizer: subtractive, FM or wavetable, nothing sampled.
 */
public enum Instrument {
    /** An electric piano: two FM pairs, a 1 : 1 body and a short 1 : 14 tine. */
    PIANO(Patch.fm(FmSettings.electricPiano(), new Envelope(0.002, 0, 1, 0.3), 0.7)),
    /** A plucked string: saw through a low-pass that closes as the note decays. */
    PLUCK(Patch.pluck()),
    /** A struck bell: FM with a harmonic 1 : 3 pair whose index decays, and a faint inharmonic hum. */
    BELL(Patch.fm(FmSettings.bell(), new Envelope(0.001, 0, 1, 1.5), 0.7)),
    /** A drawbar organ: a wavetable of harmonics 1, 2, 3, 4, 6, 8 (16', 8', 5⅓', 4', 2⅔', 2'), instant on and off. */
    ORGAN(Patch.wavetable(List.of(1.0, 0.8, 0.5, 0.6, 0.0, 0.35, 0.0, 0.3), Envelope.organ(), 0.35)),
    /** Bowed strings: saw, slow attack, gentle vibrato. */
    STRINGS(new Patch(Waveform.SAW, 0.5, new Envelope(0.25, 0.3, 0.85, 0.5),
            FilterSettings.of(FilterMode.LOW_PASS, 2500, 0.7), LfoSettings.vibrato(5, 10), 0.3, 0)),
    /** The existing soft pulse pad. */
    PAD(Patch.pad()),
    /** The subtractive saw lead. */
    LEAD(Patch.lead()),
    /** A round bass: square through a low-pass with a short envelope sweep. */
    BASS(new Patch(Waveform.SQUARE, 0.5, new Envelope(0.005, 0.3, 0.6, 0.1),
            new FilterSettings(FilterMode.LOW_PASS, 300, 1.5, Envelope.pluck(0.25), 2, 0.5), null, 0.45, 0)),
    /** A breathy flute: triangle with delayed-feel vibrato and soft attack. */
    FLUTE(new Patch(Waveform.TRIANGLE, 0.5, new Envelope(0.06, 0.1, 0.9, 0.12), null,
            LfoSettings.vibrato(5, 15), 0.5, 0)),
    /** Drum hit: a short burst of white noise (pitch ignored). */
    DRUM(new Patch(Waveform.WHITE_NOISE, 0.5, Envelope.pluck(0.12),
            FilterSettings.of(FilterMode.BAND_PASS, 1800, 0.8), null, 0.5, 0)),
    /** Rain hiss: pink noise through a high-pass (pitch ignored). */
    RAIN(new Patch(Waveform.PINK_NOISE, 0.5, new Envelope(0.5, 0, 1, 0.8),
            FilterSettings.of(FilterMode.HIGH_PASS, 1200, 0.7), null, 0.6, 0)),
    /** A rain drop: a few milliseconds of band-passed white noise. */
    DROP(new Patch(Waveform.WHITE_NOISE, 0.5, Envelope.pluck(0.02),
            FilterSettings.of(FilterMode.BAND_PASS, 3500, 2), null, 0.5, 0)),
    /** Wind: pink noise through a low-pass slowly swept by an LFO (pitch ignored). */
    WIND(new Patch(Waveform.PINK_NOISE, 0.5, new Envelope(1.0, 0, 1, 1.5),
            FilterSettings.of(FilterMode.BAND_PASS, 500, 1.5), new LfoSettings(LfoShape.SINE, 0.15, 0, 1.5), 0.8, 0)),
    /** Waves: pink noise through a low-pass swelling every few seconds (pitch ignored). */
    OCEAN(new Patch(Waveform.PINK_NOISE, 0.5, new Envelope(1.5, 0, 1, 2.0),
            FilterSettings.of(FilterMode.LOW_PASS, 700, 0.7), new LfoSettings(LfoShape.SINE, 0.12, 0, 2), 0.8, 0)),
    /** A plain sine tone. */
    SINE(new Patch(Waveform.SINE, 0.5, Envelope.organ(), null, null, 0.5, 0));

    private final Patch patch;

    Instrument(Patch patch) {
        this.patch = patch;
    }

    public Patch patch() {
        return patch;
    }

    /** The lower-case name used in scores and prompts. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The preset called {@code name} (case-insensitive); unknown names list the known ones. */
    public static Instrument named(String name, String param) {
        for (Instrument i : values()) {
            if (i.id().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return i;
            }
        }
        throw AtelierException.invalidArgument(param, "unknown instrument " + AtelierException.quote(name)
                + "; known: " + Arrays.stream(values()).map(Instrument::id).toList());
    }

    /**
     * A General MIDI program (0 to 127) by its family: pianos, chromatic percussion (bells),
     * organs, guitars (plucked), basses, strings and ensembles, brass and synth leads (lead),
     * reeds and pipes (flute), pads and the rest (pad).
     */
    public static Instrument forGeneralMidiProgram(int program) {
        if (program < 0 || program > 127) {
            throw AtelierException.invalidArgument("program", "a MIDI program is 0 to 127, got " + program);
        }
        return switch (program / 8) {
            case 0 -> PIANO;
            case 1 -> BELL;
            case 2 -> ORGAN;
            case 3 -> PLUCK;
            case 4 -> BASS;
            case 5, 6 -> STRINGS;
            case 7, 10 -> LEAD;
            case 8, 9 -> FLUTE;
            case 11 -> PAD;
            case 13 -> PLUCK;
            default -> PAD;
        };
    }

    public boolean isNoise() {
        return patch.waveform().isNoise();
    }
}
