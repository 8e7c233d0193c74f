package dev.atelier.audio.score;

import dev.atelier.audio.Clip;
import dev.atelier.audio.synth.ChorusSettings;
import dev.atelier.audio.synth.DelaySettings;
import dev.atelier.audio.synth.LimiterSettings;
import dev.atelier.audio.synth.Note;
import dev.atelier.audio.synth.Part;
import dev.atelier.audio.synth.ReverbSettings;
import dev.atelier.audio.synth.Synth;
import dev.atelier.audio.synth.SynthSettings;
import dev.atelier.core.error.AtelierException;
import java.util.List;
import java.util.Objects;

/**
 * What every input (JSON score, MIDI file, ABC tune, text prompt) becomes: instrument parts with
 * timed notes, a title, and the effects they play through (chorus, delay, reverb). {@link #render(int)} plays it
 * through the {@link Synth}.
 */
public record Score(String title, List<Part> parts, ChorusSettings chorus, DelaySettings delay, ReverbSettings reverb) {
    /** Polyphony per part when rendering. */
    public static final int VOICES = 16;

    public Score {
        title = title == null ? "" : title;
        if (parts == null || parts.isEmpty() || parts.size() > Synth.MAX_PARTS) {
            throw AtelierException.invalidArgument("parts", "a score needs 1 to " + Synth.MAX_PARTS + " parts");
        }
        parts = List.copyOf(parts);
        Objects.requireNonNull(chorus, "chorus");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(reverb, "reverb");
    }

    /** A score without chorus. */
    public Score(String title, List<Part> parts, DelaySettings delay, ReverbSettings reverb) {
        this(title, parts, ChorusSettings.off(), delay, reverb);
    }

    /** A dry score: no chorus, delay or reverb. */
    public static Score dry(String title, List<Part> parts) {
        return new Score(title, parts, DelaySettings.off(), ReverbSettings.off());
    }

    public Score withReverb(ReverbSettings r) {
        return new Score(title, parts, chorus, delay, r);
    }

    public Score withChorus(ChorusSettings c) {
        return new Score(title, parts, c, delay, reverb);
    }

    /** When the last note is let go, in seconds (the release and the effects' tails follow). */
    public double lastNoteEnd() {
        double end = 0;
        for (Part p : parts) {
            for (Note n : p.notes()) {
                end = Math.max(end, n.end());
            }
        }
        return end;
    }

    public int noteCount() {
        return parts.stream().mapToInt(p -> p.notes().size()).sum();
    }

    /** Renders a stereo clip at {@code sampleRate}; limits are checked before audio is allocated. */
    public Clip render(int sampleRate) {
        if (noteCount() == 0) {
            throw AtelierException.invalidArgument("notes", "the score has no notes to play");
        }
        SynthSettings settings = new SynthSettings(sampleRate, VOICES, chorus, delay, reverb, LimiterSettings.standard(), 1);
        return new Synth(settings).render(parts);
    }
}
