package dev.atelier.audio.midi;

import dev.atelier.audio.AudioLimits;
import dev.atelier.audio.score.Instrument;
import dev.atelier.audio.score.Score;
import dev.atelier.audio.synth.DelaySettings;
import dev.atelier.audio.synth.Note;
import dev.atelier.audio.synth.Part;
import dev.atelier.audio.synth.ReverbSettings;
import dev.atelier.audio.synth.Synth;
import dev.atelier.core.error.AtelierException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Reads a Standard MIDI File (type 0 or 1, PPQ or SMPTE timing) into a {@link Score} for the
 * synthesizer: the tempo map turns ticks into seconds, note-ons pair with their note-offs (or
 * zero-velocity note-ons) first in, first out, and each channel's General MIDI program picks an
 * {@link Instrument} by family; channel 10 plays {@link Instrument#DRUM}. Controllers, pitch bend
 * and the sustain pedal are not rendered.
 */
public final class MidiScores {
    /** Largest MIDI file read: 4 MB. */
    public static final int MAX_BYTES = 4 << 20;
    private static final int TEMPO = 0x51;
    private static final int DRUM_CHANNEL = 9;

    private MidiScores() {
    }

    public static Score read(byte[] bytes, String title) {
        if (bytes == null || bytes.length == 0) {
            throw AtelierException.invalidArgument("midi", "the MIDI file is empty");
        }
        if (bytes.length > MAX_BYTES) {
            throw AtelierException.invalidArgument("midi", "a MIDI file may be at most " + (MAX_BYTES >> 20) + " MB");
        }
        Sequence sequence;
        try {
            sequence = MidiSystem.getSequence(new ByteArrayInputStream(bytes));
        } catch (InvalidMidiDataException | IOException | RuntimeException e) {
            throw AtelierException.invalidArgument("midi", "not a readable Standard MIDI File"
                    + (e.getMessage() == null ? "" : ": " + AtelierException.quote(e.getMessage())));
        }
        return toScore(sequence, title);
    }

    static Score toScore(Sequence sequence, String title) {
        TickClock clock = TickClock.of(sequence);
        // Notes grouped by (channel, instrument), in order of first appearance.
        Map<String, List<Note>> groups = new LinkedHashMap<>();
        Map<String, Instrument> instruments = new HashMap<>();
        int total = 0;
        for (Track track : sequence.getTracks()) {
            List<MidiEvent> events = new ArrayList<>(track.size());
            for (int i = 0; i < track.size(); i++) {
                events.add(track.get(i));
            }
            events.sort((a, b) -> Long.compare(a.getTick(), b.getTick()));
            int[] programs = new int[16];
            Map<Integer, Deque<long[]>> open = new HashMap<>(); // channel*128+pitch -> {tick, velocity, program}
            long lastTick = 0;
            for (MidiEvent ev : events) {
                lastTick = Math.max(lastTick, ev.getTick());
                if (!(ev.getMessage() instanceof ShortMessage m)) {
                    continue;
                }
                int ch = m.getChannel();
                int cmd = m.getCommand();
                if (cmd == ShortMessage.PROGRAM_CHANGE) {
                    programs[ch] = m.getData1() & 0x7f;
                } else if (cmd == ShortMessage.NOTE_ON && m.getData2() > 0) {
                    open.computeIfAbsent(ch * 128 + m.getData1(), k -> new ArrayDeque<>())
                            .add(new long[] {ev.getTick(), m.getData2(), programs[ch]});
                } else if (cmd == ShortMessage.NOTE_OFF || cmd == ShortMessage.NOTE_ON) {
                    Deque<long[]> q = open.get(ch * 128 + m.getData1());
                    if (q != null && !q.isEmpty()) {
                        total = add(groups, instruments, clock, ch, m.getData1(), q.poll(), ev.getTick(), total);
                    }
                }
            }
            for (Map.Entry<Integer, Deque<long[]>> e : open.entrySet()) {
                for (long[] on : e.getValue()) { // never released: ends with its track
                    total = add(groups, instruments, clock, e.getKey() / 128, e.getKey() % 128, on,
                            Math.max(lastTick, on[0] + 1), total);
                }
            }
        }
        if (groups.isEmpty()) {
            throw AtelierException.invalidArgument("midi", "the MIDI file has no notes");
        }
        if (groups.size() > Synth.MAX_PARTS) {
            throw AtelierException.invalidArgument("midi", "the MIDI file uses more than " + Synth.MAX_PARTS
                    + " channel and instrument combinations");
        }
        List<Part> parts = new ArrayList<>();
        groups.forEach((k, notes) -> parts.add(new Part(instruments.get(k).patch(), notes)));
        return new Score(title, parts, DelaySettings.off(), ReverbSettings.room());
    }

    private static int add(Map<String, List<Note>> groups, Map<String, Instrument> instruments, TickClock clock,
                           int channel, int pitch, long[] on, long offTick, int total) {
        if (total >= Synth.MAX_NOTES) {
            throw AtelierException.invalidArgument("midi", "the MIDI file has more than " + Synth.MAX_NOTES + " notes");
        }
        Instrument instrument = channel == DRUM_CHANNEL ? Instrument.DRUM
                : Instrument.forGeneralMidiProgram((int) on[2]);
        String key = channel + ":" + instrument;
        instruments.put(key, instrument);
        double start = clock.seconds(on[0]);
        double end = clock.seconds(Math.max(offTick, on[0]));
        if (start > AudioLimits.MAX_SECONDS) {
            throw AtelierException.invalidArgument("duration", "the MIDI file lasts longer than "
                    + (int) AudioLimits.MAX_SECONDS + " seconds");
        }
        double duration = Math.max(0.005, Math.min(end - start, AudioLimits.MAX_SECONDS));
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Note(start, pitch, on[1] / 127.0, duration));
        return total + 1;
    }

    /** Ticks to seconds through the tempo changes of all tracks (120 bpm until the first). */
    record TickClock(float divisionType, int resolution, TreeMap<Long, Integer> tempos) {
        static TickClock of(Sequence s) {
            if (s.getResolution() <= 0) {
                throw AtelierException.invalidArgument("midi", "bad MIDI timing resolution");
            }
            TreeMap<Long, Integer> tempos = new TreeMap<>();
            for (Track t : s.getTracks()) {
                for (int i = 0; i < t.size(); i++) {
                    MidiMessage m = t.get(i).getMessage();
                    if (m instanceof MetaMessage meta && meta.getType() == TEMPO && meta.getData().length == 3) {
                        byte[] d = meta.getData();
                        int micros = ((d[0] & 0xff) << 16) | ((d[1] & 0xff) << 8) | (d[2] & 0xff);
                        if (micros > 0) {
                            tempos.put(t.get(i).getTick(), micros);
                        }
                    }
                }
            }
            return new TickClock(s.getDivisionType(), s.getResolution(), tempos);
        }

        double seconds(long tick) {
            if (divisionType != Sequence.PPQ) {
                return tick / (divisionType * resolution); // SMPTE: frames per second × ticks per frame
            }
            double seconds = 0;
            long at = 0;
            int micros = 500_000;
            for (Map.Entry<Long, Integer> e : tempos.entrySet()) {
                if (e.getKey() >= tick) {
                    break;
                }
                seconds += (e.getKey() - at) * (micros / 1e6) / resolution;
                at = e.getKey();
                micros = e.getValue();
            }
            return seconds + (tick - at) * (micros / 1e6) / resolution;
        }
    }
}
