package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;
import dev.atelier.core.error.AtelierException;

/**
 * Plays up to {@code limit} notes of one patch at once and sums them to {@code output}. When a new
 * note finds every slot taken, it steals one: the note released longest ago if any is released,
 * else the oldest held note. The stolen voice fades out over a few milliseconds on its own while
 * a spare voice starts the new note on time, so a steal neither clicks nor delays the onset.
 */
public final class Polyphony extends UnitGenerator {
    /** Default fade of a stolen voice: long enough to avoid a click, short enough to go unheard. */
    public static final double DEFAULT_STEAL_FADE_SECONDS = 0.005;

    public final OutputPort output;

    private final int limit;
    private final int fadeSamples;
    // Twice the limit: each note slot plus a spare that can start while a stolen voice fades.
    private final Voice[] voices;
    private final long[] noteIds;      // the note a voice plays, or -1 when free or fading
    private final long[] startOrder;
    private final long[] releaseOrder; // -1 while held
    private long clock;
    private long nextNoteId;
    private long steals;

    public Polyphony(int sampleRate, Patch patch, int limit, double stealFadeSeconds, long seed) {
        super(sampleRate);
        if (limit < 1 || limit > AudioLimits.MAX_VOICES) {
            throw AtelierException.invalidArgument("voices", "polyphony must be between 1 and "
                    + AudioLimits.MAX_VOICES + " voices, got " + limit);
        }
        AudioLimits.checkRange(stealFadeSeconds, 0, 0.1, "steal_fade");
        this.limit = limit;
        this.fadeSamples = (int) Math.round(stealFadeSeconds * sampleRate);
        output = addOutput("output");
        voices = new Voice[2 * limit];
        noteIds = new long[voices.length];
        startOrder = new long[voices.length];
        releaseOrder = new long[voices.length];
        for (int i = 0; i < voices.length; i++) {
            voices[i] = new Voice(sampleRate, patch, seed + 7919L * i);
            noteIds[i] = -1;
        }
    }

    public Polyphony(int sampleRate, Patch patch, int limit) {
        this(sampleRate, patch, limit, DEFAULT_STEAL_FADE_SECONDS, 1);
    }

    public int limit() {
        return limit;
    }

    /** How many notes were stolen so far. */
    public long steals() {
        return steals;
    }

    /** Voices making sound, fading ones included. */
    public int activeVoices() {
        int n = 0;
        for (Voice v : voices) {
            if (v.isActive()) {
                n++;
            }
        }
        return n;
    }

    /** Starts a note; returns its id for {@link #noteOff(long)}. */
    public long noteOn(double frequencyHz, double velocity) {
        AudioLimits.checkFrequency(frequencyHz, sampleRate, "frequency");
        AudioLimits.checkRange(velocity, 0, 1, "velocity");
        int owned = 0;
        for (int i = 0; i < voices.length; i++) {
            if (noteIds[i] >= 0 && !voices[i].isActive()) {
                noteIds[i] = -1; // its release has finished
            }
            if (noteIds[i] >= 0) {
                owned++;
            }
        }
        if (owned >= limit) {
            steal();
        }
        int v = freeVoice();
        long id = nextNoteId++;
        voices[v].start(frequencyHz, velocity);
        noteIds[v] = id;
        startOrder[v] = clock++;
        releaseOrder[v] = -1;
        return id;
    }

    /** Releases a note; ignored if it has ended or was stolen. */
    public void noteOff(long noteId) {
        for (int i = 0; i < voices.length; i++) {
            if (noteIds[i] == noteId) {
                if (releaseOrder[i] < 0) {
                    voices[i].release();
                    releaseOrder[i] = clock++;
                }
                return;
            }
        }
    }

    public void allNotesOff() {
        for (int i = 0; i < voices.length; i++) {
            if (noteIds[i] >= 0) {
                noteOff(noteIds[i]);
            }
        }
    }

    private void steal() {
        int victim = -1;
        for (int i = 0; i < voices.length; i++) {
            if (noteIds[i] >= 0 && releaseOrder[i] >= 0
                    && (victim < 0 || releaseOrder[i] < releaseOrder[victim])) {
                victim = i;
            }
        }
        if (victim < 0) {
            for (int i = 0; i < voices.length; i++) {
                if (noteIds[i] >= 0 && (victim < 0 || startOrder[i] < startOrder[victim])) {
                    victim = i;
                }
            }
        }
        voices[victim].fadeOut(fadeSamples);
        noteIds[victim] = -1;
        steals++;
    }

    // A silent voice; if every spare is still fading (a burst of steals), cut the nearest to done.
    private int freeVoice() {
        int nearest = -1;
        for (int i = 0; i < voices.length; i++) {
            if (noteIds[i] < 0) {
                if (!voices[i].isActive()) {
                    return i;
                }
                if (nearest < 0 || voices[i].fadeRemaining() < voices[nearest].fadeRemaining()) {
                    nearest = i;
                }
            }
        }
        voices[nearest].reset();
        return nearest;
    }

    @Override
    public void reset() {
        for (int i = 0; i < voices.length; i++) {
            voices[i].reset();
            noteIds[i] = -1;
        }
    }

    @Override
    protected void generate(int frames) {
        float[] out = output.values();
        java.util.Arrays.fill(out, 0, frames, 0f);
        for (Voice v : voices) {
            if (v.isActive()) {
                pullOwned(v, frames);
                float[] s = v.output.values();
                for (int i = 0; i < frames; i++) {
                    out[i] += s[i];
                }
            }
        }
    }
}
