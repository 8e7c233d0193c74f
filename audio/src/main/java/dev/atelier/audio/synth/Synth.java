package dev.atelier.audio.synth;

import dev.atelier.audio.AudioLimits;
import dev.atelier.audio.Clip;
import dev.atelier.core.error.AtelierException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Renders notes played by patches into a stereo {@link Clip}, offline and deterministically.
 * Each part gets its own {@link Polyphony} on a {@link Mixer} channel (the patch's gain and pan);
 * the mix runs through chorus, delay, reverb and a {@link Limiter}, whose lookahead is compensated so
 * notes start exactly at their written sample; a final trim keeps the true peak under the ceiling. Blocks are split at note events, so every note-on and
 * note-off lands on its own sample. The clip lasts until the last release and effect tail.
 *
 * <p>Everything is validated, and the clip length bounded, before any audio memory is allocated.
 */
public final class Synth {
    public static final int MAX_NOTES = 200_000;
    public static final int MAX_PARTS = 64;

    private final SynthSettings settings;

    public Synth(SynthSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public SynthSettings settings() {
        return settings;
    }

    public Clip render(Patch patch, List<Note> notes) {
        return render(List.of(new Part(patch, notes)));
    }

    public Clip render(List<Part> parts) {
        int sr = settings.sampleRate();
        if (parts == null || parts.isEmpty() || parts.size() > MAX_PARTS) {
            throw AtelierException.invalidArgument("parts", "a score needs 1 to " + MAX_PARTS + " parts");
        }
        int noteCount = 0;
        double lastEnd = 0;
        double release = 0;
        for (Part part : parts) {
            noteCount += part.notes().size();
            if (noteCount > MAX_NOTES) {
                throw AtelierException.invalidArgument("notes", "a score may have at most " + MAX_NOTES + " notes");
            }
            release = Math.max(release, part.patch().amplitude().release());
            for (Note n : part.notes()) {
                lastEnd = Math.max(lastEnd, n.end());
                if (!part.patch().waveform().isNoise()) {
                    checkPitch(n, sr);
                }
            }
        }
        double tail = release + settings.delay().tailSeconds() + settings.chorus().tailSeconds()
                + (settings.reverb().isOff() ? 0 : settings.reverb().decaySeconds());
        double seconds = lastEnd + tail;
        if (!(seconds <= AudioLimits.MAX_SECONDS)) {
            throw AtelierException.invalidArgument("duration", String.format(
                    "the score lasts %.1f s with its tail; the limit is %d s", seconds, (int) AudioLimits.MAX_SECONDS));
        }
        int frames = Math.max(1, (int) Math.ceil(seconds * sr));

        Graph graph = new Graph(parts);
        long[] events = events(parts, sr);
        float[][] out = new float[2][frames];
        graph.render(events, out, frames);
        trimTruePeak(out);
        return Clip.adopt(sr, out);
    }

    /**
     * The limiter holds the samples under its ceiling, but a waveform can peak between samples (up
     * to a few dB for bright sounds at full scale). If the 4×-oversampled true peak passes the
     * ceiling, the whole render is turned down by the excess, so nothing lands above 0 dBTP. Only
     * samples within 6 dB of the ceiling are examined.
     */
    private void trimTruePeak(float[][] out) {
        double ceiling = settings.limiter().ceiling();
        double peak = 0;
        for (float[] channel : out) {
            peak = Math.max(peak, dev.atelier.audio.loudness.TruePeak.linear(channel, ceiling / 2));
        }
        if (peak > ceiling) {
            float g = (float) (ceiling / peak);
            for (float[] channel : out) {
                for (int i = 0; i < channel.length; i++) {
                    channel[i] *= g;
                }
            }
        }
    }

    private static void checkPitch(Note n, int sampleRate) {
        if (n.frequency() >= sampleRate / 2.0) {
            throw AtelierException.invalidArgument("pitch", String.format(
                    "pitch %d (%.0f Hz) is above the Nyquist frequency at %d Hz", n.pitch(), n.frequency(), sampleRate));
        }
    }

    // Events packed in a long, sortable as is: sample (high bits), off-before-on, part, note index.
    private static final int NOTE_BITS = 18; // MAX_NOTES < 2^18
    private static final int PART_BITS = 6;  // MAX_PARTS = 2^6

    private static long[] events(List<Part> parts, int sr) {
        List<Long> list = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            List<Note> notes = parts.get(p).notes();
            for (int i = 0; i < notes.size(); i++) {
                Note n = notes.get(i);
                long on = Math.round(n.time() * sr);
                long off = Math.max(on + 1, Math.round(n.end() * sr));
                list.add(pack(on, 1, p, i));
                list.add(pack(off, 0, p, i));
            }
        }
        long[] events = new long[list.size()];
        for (int i = 0; i < events.length; i++) {
            events[i] = list.get(i);
        }
        Arrays.sort(events);
        return events;
    }

    private static long pack(long sample, int on, int part, int note) {
        return (((sample << 1) | on) << (PART_BITS + NOTE_BITS)) | ((long) part << NOTE_BITS) | note;
    }

    private static long sampleOf(long event) {
        return event >>> (1 + PART_BITS + NOTE_BITS);
    }

    /** The unit graph of one render. */
    private final class Graph {
        private final List<Part> parts;
        private final Polyphony[] polys;
        private final Limiter limiter;
        private final long[][] noteIds;

        Graph(List<Part> parts) {
            this.parts = parts;
            int sr = settings.sampleRate();
            polys = new Polyphony[parts.size()];
            noteIds = new long[parts.size()][];
            Mixer mixer = new Mixer(sr, parts.size());
            for (int p = 0; p < polys.length; p++) {
                Patch patch = parts.get(p).patch();
                polys[p] = new Polyphony(sr, patch, settings.voices(), Polyphony.DEFAULT_STEAL_FADE_SECONDS,
                        settings.seed() + 1_000_003L * p);
                mixer.input(p).connect(polys[p].output);
                mixer.pan(p).set(patch.pan());
                noteIds[p] = new long[parts.get(p).notes().size()];
                Arrays.fill(noteIds[p], -1);
            }
            OutputPort left = mixer.outputLeft;
            OutputPort right = mixer.outputRight;
            if (!settings.chorus().isOff()) {
                Chorus chorus = new Chorus(sr, settings.chorus());
                chorus.connectFrom(left, right);
                left = chorus.outputLeft;
                right = chorus.outputRight;
            }
            if (!settings.delay().isOff()) {
                Delay delay = new Delay(sr, settings.delay());
                delay.connectFrom(left, right);
                left = delay.outputLeft;
                right = delay.outputRight;
            }
            if (!settings.reverb().isOff()) {
                Reverb reverb = new Reverb(sr, settings.reverb());
                reverb.connectFrom(left, right);
                left = reverb.outputLeft;
                right = reverb.outputRight;
            }
            limiter = new Limiter(sr, settings.limiter());
            limiter.connectFrom(left, right);
        }

        void render(long[] events, float[][] out, int frames) {
            int latency = limiter.latency();
            long total = (long) frames + latency;
            long pos = 0;
            long tick = 0;
            int next = 0;
            while (pos < total) {
                while (next < events.length && sampleOf(events[next]) <= pos) {
                    apply(events[next++]);
                }
                long until = next < events.length ? sampleOf(events[next]) : Long.MAX_VALUE;
                int n = (int) Math.min(UnitGenerator.BLOCK, Math.min(total - pos, until - pos));
                limiter.pull(tick++, n);
                copy(limiter.outputLeft.values(), out[0], pos, n, latency);
                copy(limiter.outputRight.values(), out[1], pos, n, latency);
                pos += n;
            }
        }

        private void apply(long event) {
            int note = (int) (event & ((1 << NOTE_BITS) - 1));
            int part = (int) ((event >>> NOTE_BITS) & ((1 << PART_BITS) - 1));
            boolean on = ((event >>> (NOTE_BITS + PART_BITS)) & 1) == 1;
            if (on) {
                Note n = parts.get(part).notes().get(note);
                // Noise patches ignore pitch; give them any legal frequency.
                double hz = parts.get(part).patch().waveform().isNoise()
                        ? Math.min(440, settings.sampleRate() / 4.0) : n.frequency();
                noteIds[part][note] = polys[part].noteOn(hz, n.velocity());
            } else if (noteIds[part][note] >= 0) {
                polys[part].noteOff(noteIds[part][note]);
            }
        }

        private static void copy(float[] block, float[] dest, long pos, int n, int latency) {
            // Output sample pos + i is input sample pos + i − latency: copy the i that land in dest.
            long first = Math.max(0, latency - pos);
            long last = Math.min(n, dest.length + latency - pos); // exclusive
            if (first < last) {
                System.arraycopy(block, (int) first, dest, (int) (pos + first - latency), (int) (last - first));
            }
        }
    }
}
