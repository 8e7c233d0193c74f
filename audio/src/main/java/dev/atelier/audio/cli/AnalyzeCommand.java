package dev.atelier.audio.cli;

import dev.atelier.audio.Clip;
import dev.atelier.audio.dsp.OnsetDetector;
import dev.atelier.audio.dsp.PitchMethod;
import dev.atelier.audio.dsp.PitchTrack;
import dev.atelier.audio.dsp.PitchTracker;
import dev.atelier.audio.io.WavFile;
import dev.atelier.audio.loudness.LoudnessMeter;
import dev.atelier.audio.score.PitchNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atelier audio analyze}: what is in a WAV file. */
@Command(name = "analyze", aliases = "analyse", mixinStandardHelpOptions = true,
        description = {"Report a WAV file's format, loudness (EBU R128), true peak, pitch (YIN) and note onsets."})
public final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "WAV", description = "The WAV file (16/24-bit PCM or 32-bit float).")
    Path file;

    @Option(names = "--onsets", defaultValue = "20", paramLabel = "N", description = "List at most N onsets (default ${DEFAULT-VALUE}).")
    int maxOnsets;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Clip clip = WavFile.read(SynthCommand.read(file));
        LoudnessMeter.Loudness l = LoudnessMeter.measure(clip);
        out.printf(Locale.ROOT, "%s: %.3f s, %d Hz, %d channel%s%n", file, clip.durationSeconds(), clip.sampleRate(),
                clip.channelCount(), clip.channelCount() == 1 ? "" : "s");
        out.printf(Locale.ROOT, "loudness: %.1f LUFS integrated, true peak %.1f dBTP, sample peak %.1f dBFS, RMS %.1f dBFS%n",
                l.integratedLufs(), l.truePeakDbtp(), l.samplePeakDbfs(), clip.rmsDbfs());
        PitchTrack track = PitchTracker.of(PitchMethod.YIN).track(clip);
        long pitched = track.frames().stream().filter(PitchTrack.Frame::pitched).count();
        double median = track.medianHz(0, Double.MAX_VALUE);
        if (Double.isNaN(median)) {
            out.println("pitch: none found (noise, silence or too short)");
        } else {
            double midi = 69 + 12 * Math.log(median / 440) / Math.log(2);
            long nearest = Math.round(midi);
            out.printf(Locale.ROOT, "pitch: median %.2f Hz (%s %+.0f cents) over %d of %d frames%n", median,
                    PitchNames.name((int) Math.max(0, Math.min(127, nearest))), 100 * (midi - nearest), pitched,
                    track.frames().size());
        }
        List<Double> onsets = OnsetDetector.defaults().detect(clip);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(maxOnsets, onsets.size()); i++) {
            sb.append(String.format(Locale.ROOT, i == 0 ? "%.3f" : ", %.3f", onsets.get(i)));
        }
        out.printf("onsets: %d%s%n", onsets.size(), onsets.isEmpty() ? "" : " at " + sb
                + (onsets.size() > maxOnsets ? ", …" : "") + " s");
        return 0;
    }
}
