package dev.atelier.samples;

import dev.atelier.audio.Clip;
import dev.atelier.audio.abc.AbcArranger;
import dev.atelier.audio.abc.AbcParser;
import dev.atelier.audio.abc.AbcTune;
import dev.atelier.audio.analysis.Spectrogram;
import dev.atelier.audio.analysis.SpectrogramImage;
import dev.atelier.audio.io.WavEncoding;
import dev.atelier.audio.io.WavFile;
import dev.atelier.audio.loudness.LoudnessNormalizer;
import dev.atelier.audio.prompt.PromptParser;
import dev.atelier.audio.prompt.PromptResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Offline music synthesis in a few lines: a text prompt and an ABC tune rendered to WAV files with
 * spectrogram pictures. Run: {@code bin/sample RenderMusic ["a prompt"] [tune.abc]}; files go to
 * {@code audio-out/}.
 */
public final class RenderMusic {
    /** A short tune in the style of the Nottingham collection, written for this sample. */
    static final String TUNE = """
            X:1
            T:Sample Jig
            M:6/8
            L:1/8
            Q:3/8=110
            K:G
            D|"G"GBd gdB|"C"ceg "G"dBG|"Am"ABc "D7"dcA|"G"BGG G2D|
            "G"GBd gdB|"C"ceg "G"dBG|"Am"ABc "D7"AFD|1"G"G3 G2:|2"G"G3 G2||
            """;

    public static void main(String[] args) throws IOException {
        String prompt = args.length > 0 ? args[0] : "a calm piano melody in D minor at 80 bpm for 10 seconds";
        String abc = args.length > 1 ? Files.readString(Path.of(args[1])) : TUNE;
        Path out = Path.of("audio-out");
        Files.createDirectories(out);

        PromptResult read = PromptParser.parse(prompt);
        System.out.println("prompt: " + prompt);
        System.out.println("  read as: " + read.interpretation()
                + (read.unknownWords().isEmpty() ? "" : "; unknown words: " + read.unknownWords()));
        save(read.render(44_100), out, "prompt");

        AbcTune tune = AbcParser.parseBook(abc).get(0);
        System.out.println("tune: X:" + tune.number() + " " + tune.title() + " in " + tune.key().name());
        save(AbcArranger.arrange(tune, AbcArranger.Options.defaults()).render(44_100), out, "tune");
    }

    private static void save(Clip clip, Path folder, String name) {
        Clip loud = LoudnessNormalizer.normalize(clip).clip(); // -14 LUFS, -1 dBTP
        Path wav = folder.resolve(name + ".wav");
        Path png = folder.resolve(name + ".png");
        WavFile.write(loud, wav, WavEncoding.PCM_16);
        SpectrogramImage.writePng(Spectrogram.of(loud), SpectrogramImage.Options.standard(), png);
        System.out.printf("  wrote %s (%.1f s) and %s%n", wav, loud.durationSeconds(), png);
    }
}
