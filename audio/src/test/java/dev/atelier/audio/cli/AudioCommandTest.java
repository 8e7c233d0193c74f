package dev.atelier.audio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.audio.Clip;
import dev.atelier.audio.io.WavFile;
import dev.atelier.core.error.AtelierException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AudioCommandTest {
    @TempDir
    Path dir;

    /** Runs the command as the atelier launcher does; returns exit code and output. */
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new AudioCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof AtelierException ae) {
                cmd.getErr().println("atelier: " + ae.getMessage());
                return 2;
            }
            throw e;
        });
        int code = cli.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void synthFromAPromptThenAnalyzeIt() throws Exception {
        Path wav = dir.resolve("bell.wav");
        Path png = dir.resolve("bell.png");
        String[] r = run("synth", "--prompt", "a bell at 880 Hz for 2 seconds", "-o", wav.toString(), "--spectrogram", png.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("prompt read as: bell note at 880.0 Hz"), r[1]);
        Clip clip = WavFile.read(wav);
        assertEquals(2.0, clip.durationSeconds(), 1e-3);
        assertTrue(Files.size(png) > 1000);
        String[] a = run("analyze", wav.toString());
        assertEquals("0", a[0], a[2]);
        assertTrue(a[1].contains("pitch: median 880.") && a[1].contains("(A5 "), a[1]);
        assertTrue(a[1].contains("onsets: 1 at 0.0"), a[1]);
    }

    @Test
    void synthAnAbcTuneToFlac() throws Exception {
        Path abc = dir.resolve("t.abc");
        Files.writeString(abc, "X:1\nT:Scale\nM:4/4\nL:1/8\nQ:1/4=120\nK:G\n\"G\"GABc \"D\"defg|\"G\"g8|]\n\nX:2\nT:Other\nK:C\nC4|\n");
        Path flac = dir.resolve("t.flac");
        String[] r = run("synth", "--abc", abc.toString(), "--tune", "1", "-o", flac.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("tune X:1 Scale, key G"), r[1]);
        assertEquals("fLaC", new String(Files.readAllBytes(flac), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        String[] ambiguous = run("synth", "--abc", abc.toString(), "-o", flac.toString());
        assertEquals("2", ambiguous[0]);
        assertTrue(ambiguous[2].contains("pick one by its X: number"), ambiguous[2]);
    }

    @Test
    void badInputIsAOneLineErrorWithStatus2() {
        String[] r = run("synth", "--prompt", "", "-o", dir.resolve("x.wav").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("atelier: "), r[2]);
        String[] missing = run("synth", "--midi", dir.resolve("nope.mid").toString(), "-o", dir.resolve("x.wav").toString());
        assertEquals("2", missing[0]);
        String[] twoSources = run("synth", "--prompt", "rain", "--midi", "x.mid", "-o", "x.wav");
        assertEquals("2", twoSources[0]); // picocli's usage error
    }

    @Test
    void helpListsEverySubcommandAndOption() {
        String help = run("--help")[1];
        for (String sub : new String[] {"synth", "speak", "analyze"}) {
            assertTrue(help.contains(sub), help);
        }
        String synth = run("synth", "--help")[1];
        for (String opt : new String[] {"--prompt", "--score", "--midi", "--abc", "--tune", "--out", "--spectrogram",
                "--loudness", "--format"}) {
            assertTrue(synth.contains(opt), opt);
        }
    }
}
