package dev.atelier.audio.cli;

import dev.atelier.audio.Clip;
import dev.atelier.audio.abc.AbcArranger;
import dev.atelier.audio.abc.AbcParser;
import dev.atelier.audio.abc.AbcTune;
import dev.atelier.audio.midi.MidiScores;
import dev.atelier.audio.prompt.PromptParser;
import dev.atelier.audio.prompt.PromptResult;
import dev.atelier.audio.score.Instrument;
import dev.atelier.audio.score.Score;
import dev.atelier.audio.score.ScoreJson;
import dev.atelier.core.error.AtelierException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atelier audio synth}: renders a prompt, JSON score, MIDI file or ABC tune. */
@Command(name = "synth", aliases = "render", mixinStandardHelpOptions = true,
        description = {"Render a text prompt, a JSON score, a Standard MIDI file or an ABC tune through the synthesizer.",
                "Examples:",
                "  atelier audio synth --prompt \"a calm piano melody in D minor at 80 bpm for 10 seconds\" -o calm.wav",
                "  atelier audio synth --abc jigs.abc --tune 12 -o jig.flac --spectrogram jig.png",
                "  atelier audio synth --midi song.mid -o song.wav --loudness -14"})
public final class SynthCommand implements Callable<Integer> {
    /** Input files larger than this are refused before reading. */
    static final long MAX_INPUT_BYTES = 8 << 20;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--prompt", paramLabel = "TEXT", description = "A description such as \"a bell at 880 Hz\" or \"rain\".")
        String prompt;

        @Option(names = "--score", paramLabel = "JSON", description = "A JSON score file (format in docs/AUDIO.md).")
        Path score;

        @Option(names = "--midi", paramLabel = "MID", description = "A Standard MIDI file.")
        Path midi;

        @Option(names = "--abc", paramLabel = "ABC", description = "An ABC notation file (one or more tunes).")
        Path abc;
    }

    @Option(names = "--tune", paramLabel = "N", description = "With --abc: the tune's X: number (needed when the file has several).")
    Integer tune;

    @Option(names = "--instrument", paramLabel = "NAME",
            description = "With --abc: the melody instrument (piano, pluck, flute, organ, strings, bell, lead, …; default pluck).")
    String instrument;

    @Option(names = "--tempo", paramLabel = "BPM", description = "With --abc: quarter notes per minute, overriding Q:.")
    Double tempo;

    @Option(names = "--no-accompaniment", description = "With --abc: leave out the chords and bass.")
    boolean noAccompaniment;

    @Option(names = "--strict", description = "With --prompt: refuse unknown words instead of reporting them.")
    boolean strict;

    @Option(names = "--sample-rate", paramLabel = "HZ", defaultValue = "44100", description = "Sample rate, 8000 to 96000 (default ${DEFAULT-VALUE}).")
    int sampleRate;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Clip clip;
        if (source.prompt != null) {
            PromptResult r = PromptParser.parse(source.prompt, strict);
            out.println("prompt read as: " + r.interpretation());
            if (!r.unknownWords().isEmpty()) {
                out.println("unknown words (ignored): " + String.join(", ", r.unknownWords()));
            }
            clip = r.render(sampleRate);
        } else if (source.score != null) {
            clip = ScoreJson.parse(read(source.score)).render(sampleRate);
        } else if (source.midi != null) {
            clip = MidiScores.read(read(source.midi), source.midi.getFileName().toString()).render(sampleRate);
        } else {
            String text = new String(read(source.abc), StandardCharsets.ISO_8859_1);
            AbcTune t = AbcParser.parseTune(text, tune);
            AbcArranger.Options o = AbcArranger.Options.defaults().withTempo(tempo);
            if (instrument != null) {
                o = o.withMelody(Instrument.named(instrument, "instrument"));
            }
            if (noAccompaniment) {
                o = new AbcArranger.Options(o.melody(), false, o.chords(), o.bass(), o.quarterBpm());
            }
            Score score = AbcArranger.arrange(t, o);
            out.printf("tune X:%d %s, key %s, %d notes%n", t.number(), t.title(), t.key().name(), score.noteCount());
            for (String w : t.warnings()) {
                out.println("warning: " + w);
            }
            for (String c : AbcArranger.unknownChords(t)) {
                out.println("warning: chord symbol \"" + c + "\" not understood; left out of the accompaniment");
            }
            clip = score.render(sampleRate);
        }
        output.write(clip, out);
        return 0;
    }

    static byte[] read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw AtelierException.notFound("no such file: " + AtelierException.quote(file.toString()));
            }
            if (Files.size(file) > MAX_INPUT_BYTES) {
                throw AtelierException.invalidArgument("file", AtelierException.quote(file.toString())
                        + " is larger than " + (MAX_INPUT_BYTES >> 20) + " MB");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw AtelierException.invalidArgument("file", "cannot read " + AtelierException.quote(file.toString()));
        }
    }
}
