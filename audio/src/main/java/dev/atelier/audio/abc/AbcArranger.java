package dev.atelier.audio.abc;

import dev.atelier.audio.abc.AbcElement.Bar;
import dev.atelier.audio.abc.AbcElement.ChordSymbol;
import dev.atelier.audio.abc.AbcElement.Ending;
import dev.atelier.audio.abc.AbcElement.Rest;
import dev.atelier.audio.abc.AbcElement.Tempo;
import dev.atelier.audio.abc.AbcElement.Tone;
import dev.atelier.audio.score.Instrument;
import dev.atelier.audio.score.Score;
import dev.atelier.audio.synth.DelaySettings;
import dev.atelier.audio.synth.Note;
import dev.atelier.audio.synth.Part;
import dev.atelier.audio.synth.ReverbSettings;
import dev.atelier.core.error.AtelierException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a parsed tune into a {@link Score}: repeats and numbered endings are played out, ties
 * joined, lengths converted to seconds at the tune's tempo, and the chord symbols become an
 * accompaniment — a sustained chord struck at each symbol and again on every bar line it lasts
 * over, with its root (or written bass) an octave or two below.
 */
public final class AbcArranger {
    /** Played elements after repeats, at most: guards against pathological repeat nesting. */
    public static final int MAX_PLAYED = 200_000;

    /**
     * How to play a tune: the melody's instrument, whether to add the chord accompaniment (and
     * on what), and an optional tempo override in quarter notes per minute (null: the tune's Q:).
     */
    public record Options(Instrument melody, boolean accompaniment, Instrument chords, Instrument bass,
                          Double quarterBpm) {
        public Options {
            Objects.requireNonNull(melody, "melody");
            Objects.requireNonNull(chords, "chords");
            Objects.requireNonNull(bass, "bass");
            if (quarterBpm != null && (!(quarterBpm >= 10) || quarterBpm > 1000)) {
                throw AtelierException.invalidArgument("tempo", "tempo must be 10 to 1000 beats a minute");
            }
        }

        public static Options defaults() {
            return new Options(Instrument.PLUCK, true, Instrument.PAD, Instrument.BASS, null);
        }

        public Options withMelody(Instrument i) {
            return new Options(i, accompaniment, chords, bass, quarterBpm);
        }

        public Options withTempo(Double bpm) {
            return new Options(melody, accompaniment, chords, bass, bpm);
        }
    }

    private AbcArranger() {
    }

    /** The written elements with repeats and endings played out. */
    public static List<AbcElement> playOrder(List<AbcElement> written) {
        List<AbcElement> out = new ArrayList<>();
        Set<Integer> repeated = new HashSet<>();
        int start = 0;
        int pass = 1;
        int n = written.size();
        for (int i = 0; i < n; ) {
            if (out.size() > MAX_PLAYED) {
                throw AtelierException.invalidArgument("abc", "the tune is too long once its repeats are played");
            }
            AbcElement e = written.get(i);
            if (e instanceof Ending en) {
                if (en.number() != pass) {
                    int j = i + 1;
                    while (j < n && !(written.get(j) instanceof Ending x && x.number() == pass)) {
                        j++;
                    }
                    i = j < n ? j + 1 : i + 1; // no ending for this pass: play the written one
                } else {
                    i++;
                }
                continue;
            }
            if (e instanceof Bar b) {
                out.add(b);
                if (b.repeatEnd() && repeated.add(i)) {
                    pass++;
                    i = start;
                    continue;
                }
                if (b.repeatStart() || b.sectionEnd()) {
                    start = i + 1;
                    pass = 1;
                }
                i++;
                continue;
            }
            out.add(e);
            i++;
        }
        return out;
    }

    public static Score arrange(AbcTune tune, Options options) {
        List<AbcElement> played = playOrder(tune.elements());
        Tempo tempo = tune.tempo();
        double wholeSeconds = wholeSeconds(tempo, options);
        List<double[]> melody = new ArrayList<>(); // start, pitch, duration, velocity
        List<double[]> chords = new ArrayList<>();
        List<double[]> bass = new ArrayList<>();
        Map<Integer, double[]> tied = new HashMap<>();
        double t = 0;
        boolean downbeat = true;
        ChordSymbols.Chord chord = null;
        double chordStart = 0;
        for (AbcElement e : played) {
            switch (e) {
                case Tone tone -> {
                    double d = tone.length().value() * wholeSeconds;
                    Map<Integer, double[]> nextTied = new HashMap<>();
                    for (int p : tone.pitches()) {
                        double[] held = tied.get(p);
                        double[] note;
                        if (held != null) {
                            held[2] += d;
                            note = held;
                        } else {
                            note = new double[] {t, p, d, downbeat ? 0.85 : 0.7};
                            melody.add(note);
                        }
                        if (tone.tie()) {
                            nextTied.put(p, note);
                        }
                    }
                    tied = nextTied;
                    t += d;
                    downbeat = false;
                }
                case Rest r -> {
                    tied = Map.of();
                    t += r.length().value() * wholeSeconds;
                    downbeat = false;
                }
                case ChordSymbol cs -> {
                    ChordSymbols.Chord next = ChordSymbols.parse(cs.text());
                    if (next == null) {
                        continue; // reported by the parser's caller through warnings()
                    }
                    if (chord != null) {
                        strike(chord, chordStart, t, chords, bass);
                    }
                    chord = next;
                    chordStart = t;
                }
                case Bar b -> {
                    if (chord != null && t > chordStart) {
                        strike(chord, chordStart, t, chords, bass);
                        chordStart = t;
                    }
                    downbeat = true;
                }
                case Tempo q -> {
                    tempo = q;
                    wholeSeconds = wholeSeconds(tempo, options);
                }
                case Ending en -> {
                }
            }
        }
        if (chord != null && t > chordStart) {
            strike(chord, chordStart, t, chords, bass);
        }
        List<Part> parts = new ArrayList<>();
        parts.add(new Part(options.melody().patch(), notes(melody)));
        if (options.accompaniment() && !chords.isEmpty()) {
            parts.add(new Part(options.chords().patch().withGain(options.chords().patch().gain() * 0.5), notes(chords)));
            parts.add(new Part(options.bass().patch().withGain(options.bass().patch().gain() * 0.7), notes(bass)));
        }
        return new Score(tune.title(), parts, DelaySettings.off(), ReverbSettings.room());
    }

    /** Unknown chord symbols of a tune, for reporting (they are left out of the accompaniment). */
    public static List<String> unknownChords(AbcTune tune) {
        return tune.elements().stream().filter(e -> e instanceof ChordSymbol cs && ChordSymbols.parse(cs.text()) == null)
                .map(e -> ((ChordSymbol) e).text()).distinct().toList();
    }

    private static double wholeSeconds(Tempo tempo, Options options) {
        if (options.quarterBpm() != null) {
            return 4 * 60.0 / options.quarterBpm();
        }
        return 60.0 / tempo.bpm() / tempo.beat().value();
    }

    private static void strike(ChordSymbols.Chord c, double start, double end, List<double[]> chords,
                               List<double[]> bass) {
        double d = end - start;
        if (d <= 1e-6) {
            return;
        }
        for (int interval : c.intervals()) {
            chords.add(new double[] {start, 48 + c.root() + interval, d, 0.5});
        }
        bass.add(new double[] {start, 36 + c.bass(), d, 0.6});
    }

    private static List<Note> notes(List<double[]> raw) {
        List<Note> notes = new ArrayList<>(raw.size());
        for (double[] n : raw) {
            notes.add(new Note(n[0], (int) n[1], n[3], Math.max(1e-3, n[2])));
        }
        return notes;
    }
}
