package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;
import java.util.Objects;

/**
 * One note's worth of synthesizer, built from a {@link Patch}: source (oscillator or noise) →
 * optional filter (cutoff swept by its envelope and the LFO) → amplifier driven by the amplitude
 * envelope, velocity and the patch gain. The LFO may also add vibrato.
 *
 * <p>{@link #fadeOut(int)} ramps the output to silence over a few milliseconds and then goes idle:
 * how {@link Polyphony} steals a voice without a click.
 */
public final class Voice extends UnitGenerator {
    private static final double MIDDLE_C_HZ = 261.6255653005986;

    public final OutputPort output;

    private final Patch patch;
    private final UnitGenerator source;
    private final Oscillator oscillator; // null for noise
    private final OutputPort sourceOut;
    private final Lfo lfo;
    private final Connection vibrato;
    private final StateVariableFilter filter;
    private final Adsr filterEnvelope;
    private final Adsr amplitudeEnvelope;
    private final double maxFrequency;

    private float gain;
    private int fadeLength;
    private int fadeLeft;
    private boolean silent = true; // output buffer already all zero
    private boolean sounding;      // started and not yet back to silence

    public Voice(int sampleRate, Patch patch, long seed) {
        super(sampleRate);
        this.patch = Objects.requireNonNull(patch, "patch");
        output = addOutput("output");
        maxFrequency = sampleRate / 2.0 * 0.999;

        Waveform w = patch.waveform();
        if (w.isNoise()) {
            Noise noise = new Noise(sampleRate, w == Waveform.PINK_NOISE ? NoiseColor.PINK : NoiseColor.WHITE, seed);
            source = noise;
            oscillator = null;
            sourceOut = noise.output;
        } else {
            oscillator = w.oscillator(sampleRate, Math.min(440, maxFrequency), patch);
            source = oscillator;
            sourceOut = oscillator.output;
        }

        LfoSettings ls = patch.lfo();
        lfo = ls == null ? null : new Lfo(sampleRate, ls.shape(), ls.rateHz(), seed + 1);
        vibrato = lfo != null && oscillator != null && ls.pitchCents() > 0
                ? oscillator.frequency.connect(lfo.output, 0) : null;

        FilterSettings fs = patch.filter();
        if (fs == null) {
            filter = null;
            filterEnvelope = null;
        } else {
            filter = new StateVariableFilter(sampleRate, fs.mode(), Math.min(fs.cutoffHz(), maxFrequency),
                    fs.resonance());
            filter.input.connect(sourceOut);
            if (fs.envelopeOctaves() != 0) {
                filterEnvelope = new Adsr(sampleRate, fs.envelope());
                filter.octaves.connect(filterEnvelope.output, fs.envelopeOctaves());
            } else {
                filterEnvelope = null;
            }
            if (lfo != null && ls.cutoffOctaves() > 0) {
                filter.octaves.connect(lfo.output, ls.cutoffOctaves());
            }
        }
        amplitudeEnvelope = new Adsr(sampleRate, patch.amplitude());
    }

    public Patch patch() {
        return patch;
    }

    /**
     * Starts a note. An idle voice starts from a clean state (phase 0, empty filter); a sounding
     * one glides into the new note from where it is (legato retrigger, no reset, no click).
     */
    public void start(double frequencyHz, double velocity) {
        AudioLimits.checkFrequency(frequencyHz, sampleRate, "frequency");
        AudioLimits.checkRange(velocity, 0, 1, "velocity");
        boolean fresh = !isActive() || isFading(); // a fading voice is cut: only misuse gets here
        if (fresh) {
            source.reset();
            if (lfo != null) {
                lfo.reset();
            }
            if (filter != null) {
                filter.reset();
            }
        }
        fadeLeft = 0;
        fadeLength = 0;
        if (oscillator != null) {
            oscillator.setFrequency(frequencyHz);
            if (vibrato != null) {
                vibrato.gain(frequencyHz * (Math.pow(2, patch.lfo().pitchCents() / 1200) - 1));
            }
        }
        if (filter != null) {
            FilterSettings fs = patch.filter();
            double tracked = fs.cutoffHz() * Math.pow(frequencyHz / MIDDLE_C_HZ, fs.keyTracking());
            filter.cutoff.set(Math.min(maxFrequency, Math.max(10, tracked)));
        }
        gain = (float) (velocity * patch.gain());
        sounding = true;
        gate(amplitudeEnvelope, fresh);
        if (filterEnvelope != null) {
            gate(filterEnvelope, fresh);
        }
        if (oscillator instanceof FmOscillator fm) {
            fm.noteOn(fresh);
        }
    }

    private static void gate(Adsr env, boolean fresh) {
        if (fresh) {
            env.reset();
            env.gate.set(1);
        } else {
            env.gate.set(1);
            env.retrigger();
        }
    }

    /** Lets go of the note: the envelopes enter their release. */
    public void release() {
        if (oscillator instanceof FmOscillator fm) {
            fm.noteOff();
        }
        amplitudeEnvelope.gate.set(0);
        if (filterEnvelope != null) {
            filterEnvelope.gate.set(0);
        }
    }

    /** Ramps to silence over {@code samples} (0: at once), then goes idle. */
    public void fadeOut(int samples) {
        if (samples <= 0) {
            silence();
            return;
        }
        if (fadeLeft == 0 || samples < fadeLeft) {
            fadeLength = samples;
            fadeLeft = samples;
        }
    }

    public boolean isFading() {
        return fadeLeft > 0;
    }

    /** Whether the voice still makes sound: started, and its envelope or fade not yet done. */
    public boolean isActive() {
        return sounding;
    }

    /** Whether the note has been let go. */
    public boolean isReleased() {
        return amplitudeEnvelope.gate.get() <= 0;
    }

    public int fadeRemaining() {
        return fadeLeft;
    }

    private void silence() {
        sounding = false;
        fadeLeft = 0;
        fadeLength = 0;
        amplitudeEnvelope.reset();
        if (filterEnvelope != null) {
            filterEnvelope.reset();
        }
    }

    @Override
    public void reset() {
        silence();
        source.reset();
        if (filter != null) {
            filter.reset();
        }
    }

    @Override
    protected void generate(int frames) {
        float[] out = output.values();
        if (!isActive()) {
            if (!silent) {
                java.util.Arrays.fill(out, 0f);
                silent = true;
            }
            return;
        }
        silent = false;
        UnitGenerator last = filter != null ? filter : source;
        pullOwned(last, frames);
        pullOwned(amplitudeEnvelope, frames);
        float[] signal = filter != null ? filter.output.values() : sourceOut.values();
        float[] env = amplitudeEnvelope.output.values();
        float g = gain;
        if (fadeLeft == 0) {
            for (int i = 0; i < frames; i++) {
                out[i] = signal[i] * env[i] * g;
            }
            sounding = !amplitudeEnvelope.isIdle();
            return;
        }
        float step = 1f / fadeLength;
        for (int i = 0; i < frames; i++) {
            float fade = fadeLeft > 0 ? fadeLeft * step : 0f;
            out[i] = signal[i] * env[i] * g * fade;
            if (fadeLeft > 0) {
                fadeLeft--;
            }
        }
        if (fadeLeft == 0) {
            silence();
        }
    }
}
