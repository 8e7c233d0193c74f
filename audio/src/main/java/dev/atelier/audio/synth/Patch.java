package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;
import dev.atelier.core.error.AtelierException;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link Voice} needs to sound: the source waveform (and pulse width for PULSE), the
 * amplitude envelope, an optional filter and an optional LFO ({@code null}: none), an output gain
 * (0 to 4) and a stereo position (−1 left … +1 right).
 */
public record Patch(Waveform waveform, double pulseWidth, Envelope amplitude, FilterSettings filter,
                    LfoSettings lfo, double gain, double pan, List<Double> harmonics, FmSettings fm) {
    public Patch {
        Objects.requireNonNull(waveform, "waveform");
        if ((waveform == Waveform.WAVETABLE) != (harmonics != null)) {
            throw AtelierException.invalidArgument("harmonics", "harmonics go with the wavetable waveform, and only with it");
        }
        if ((waveform == Waveform.FM) != (fm != null)) {
            throw AtelierException.invalidArgument("fm", "FM settings go with the fm waveform, and only with it");
        }
        if (harmonics != null) {
            MipMap.ofHarmonics(harmonics); // validates (and caches) the spectrum now
            harmonics = List.copyOf(harmonics);
        }
        PulseOscillator.checkWidth(pulseWidth);
        Objects.requireNonNull(amplitude, "amplitude");
        AudioLimits.checkRange(gain, 0, 4, "gain");
        AudioLimits.checkRange(pan, -1, 1, "pan");
    }

    /** A patch without wavetable or FM settings. */
    public Patch(Waveform waveform, double pulseWidth, Envelope amplitude, FilterSettings filter, LfoSettings lfo,
                 double gain, double pan) {
        this(waveform, pulseWidth, amplitude, filter, lfo, gain, pan, null, null);
    }

    /** A wavetable voice from the amplitudes of its harmonics (fundamental first). */
    public static Patch wavetable(List<Double> harmonics, Envelope amplitude, double gain) {
        return new Patch(Waveform.WAVETABLE, 0.5, amplitude, null, null, gain, 0, harmonics, null);
    }

    /** An FM voice; {@code amplitude} shapes the whole voice on top of the operators' own envelopes. */
    public static Patch fm(FmSettings fm, Envelope amplitude, double gain) {
        return new Patch(Waveform.FM, 0.5, amplitude, null, null, gain, 0, null, fm);
    }

    /** A bare source: organ envelope, no filter, no LFO, gain 0.5, centred. */
    public static Patch of(Waveform waveform) {
        return new Patch(waveform, 0.5, Envelope.organ(), null, null, 0.5, 0);
    }

    /** A warm subtractive lead: saw through a resonant low-pass swept by its envelope, light vibrato. */
    public static Patch lead() {
        return new Patch(Waveform.SAW, 0.5, new Envelope(0.01, 0.2, 0.7, 0.2),
                new FilterSettings(FilterMode.LOW_PASS, 900, 2.0, new Envelope(0.005, 0.3, 0.3, 0.3), 2.5, 0.5),
                LfoSettings.vibrato(5.5, 12), 0.4, 0);
    }

    /** A plucked string: saw through a low-pass that closes as the note decays. */
    public static Patch pluck() {
        return new Patch(Waveform.SAW, 0.5, Envelope.pluck(0.8),
                new FilterSettings(FilterMode.LOW_PASS, 600, 1.2, Envelope.pluck(0.4), 3, 1), null, 0.5, 0);
    }

    /** A soft pad: pulse wave, slow envelope, gently wobbling low-pass. */
    public static Patch pad() {
        return new Patch(Waveform.PULSE, 0.35, new Envelope(0.4, 0.5, 0.8, 1.0),
                FilterSettings.of(FilterMode.LOW_PASS, 1500, 0.9),
                new LfoSettings(LfoShape.TRIANGLE, 0.3, 6, 0.5), 0.3, 0);
    }

    public Patch withWaveform(Waveform w) {
        return new Patch(w, pulseWidth, amplitude, filter, lfo, gain, pan, harmonics, fm);
    }

    public Patch withPulseWidth(double w) {
        return new Patch(waveform, w, amplitude, filter, lfo, gain, pan, harmonics, fm);
    }

    public Patch withAmplitude(Envelope e) {
        return new Patch(waveform, pulseWidth, e, filter, lfo, gain, pan, harmonics, fm);
    }

    public Patch withFilter(FilterSettings f) {
        return new Patch(waveform, pulseWidth, amplitude, f, lfo, gain, pan, harmonics, fm);
    }

    public Patch withLfo(LfoSettings l) {
        return new Patch(waveform, pulseWidth, amplitude, filter, l, gain, pan, harmonics, fm);
    }

    public Patch withGain(double g) {
        return new Patch(waveform, pulseWidth, amplitude, filter, lfo, g, pan, harmonics, fm);
    }

    public Patch withPan(double p) {
        return new Patch(waveform, pulseWidth, amplitude, filter, lfo, gain, p, harmonics, fm);
    }
}
