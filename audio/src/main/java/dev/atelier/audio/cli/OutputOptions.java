package dev.atelier.audio.cli;

import dev.atelier.audio.Clip;
import dev.atelier.audio.analysis.Spectrogram;
import dev.atelier.audio.analysis.SpectrogramImage;
import dev.atelier.audio.io.AudioFormatName;
import dev.atelier.audio.loudness.LoudnessMeter;
import dev.atelier.audio.loudness.LoudnessNormalizer;
import dev.atelier.core.error.AtelierException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Where and how a command writes its clip: file, format, loudness, spectrogram. */
final class OutputOptions {
    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE",
            description = "Output audio file; the format follows the extension (.wav, .flac, .pcm) unless --format is given.")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "wav (16-bit), wav24, wav32f (float), flac (16-bit), pcm (s16le), pcm_f32 (f32le).")
    String format;

    @Option(names = "--loudness", paramLabel = "LUFS",
            description = "Normalise to this integrated loudness (EBU R128, e.g. -23 or -14) with a -1 dBTP ceiling.")
    Double loudness;

    @Option(names = "--spectrogram", paramLabel = "PNG", description = "Also write a spectrogram picture of the clip.")
    Path spectrogram;

    /** Writes the clip (normalised if asked) and the spectrogram, and reports what was written. */
    void write(Clip clip, PrintWriter report) {
        Clip c = clip;
        if (loudness != null) {
            c = LoudnessNormalizer.normalize(clip, loudness, LoudnessNormalizer.DEFAULT_CEILING_DBTP).clip();
        }
        AudioFormatName f = format != null ? AudioFormatName.parse(format) : AudioFormatName.forFile(out.toString());
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(out, f.encode(c));
        } catch (IOException e) {
            throw AtelierException.invalidArgument("out", "cannot write " + AtelierException.quote(out.toString())
                    + ": " + e.getMessage());
        }
        report.printf(Locale.ROOT, "wrote %s: %.2f s, %d Hz, %d channel%s, %s, %.1f LUFS, peak %.1f dBFS%n", out,
                c.durationSeconds(), c.sampleRate(), c.channelCount(), c.channelCount() == 1 ? "" : "s",
                f.name().toLowerCase(Locale.ROOT), LoudnessMeter.integrated(c), c.peakDbfs());
        if (spectrogram != null) {
            SpectrogramImage.writePng(Spectrogram.of(c), SpectrogramImage.Options.standard(), spectrogram);
            report.printf("wrote %s%n", spectrogram);
        }
    }
}
