package dev.atelier.audio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.audio.Clip;
import dev.atelier.audio.abc.AbcParser;
import dev.atelier.audio.io.WavFile;
import dev.atelier.core.error.AtelierException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ComposeCommandTest {
    static final Path MODEL = Path.of(System.getProperty("atelier.repo.root", ".."))
            .resolve("models/nottingham-abc-gpt/model.gguf").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** Runs the command as the atelier launcher does; returns exit code, output and errors. */
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new AudioCommand());
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
    void badInputIsATypedErrorAndWritesNothing() {
        Path wav = dir.resolve("x.wav");
        String[] r = run("compose", "--style", "polka", "-o", wav.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("unknown style 'polka'") && r[2].contains("jig, reel"), r[2]);
        r = run("compose", "--key", "Q", "-o", wav.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("known keys: G, D"), r[2]);
        r = run("compose", "--temperature", "NaN", "-o", wav.toString());
        assertEquals("2", r[0]);
        r = run("compose", "--model", dir.resolve("none.gguf").toString(), "-o", wav.toString());
        assertEquals("2", r[0]);
        r = run("compose", "--seed", "x", "-o", wav.toString());
        assertEquals("2", r[0]); // picocli's usage error
        assertFalse(Files.exists(wav));
    }

    @Test
    void helpListsTheOptions() {
        String[] r = run("compose", "--help");
        assertEquals("0", r[0]);
        for (String o : new String[] {"--style", "--key", "--seed", "--temperature", "--abc-out", "--out", "--spectrogram"}) {
            assertTrue(r[1].contains(o), o);
        }
    }

    @Test
    void composesAJigToWavAndAbc() throws Exception {
        Path wav = dir.resolve("jig.wav");
        Path abc = dir.resolve("jig.abc");
        String[] r = run("compose", "--style", "jig", "--key", "G", "--seed", "7", "--model", MODEL.toString(),
                "-o", wav.toString(), "--abc-out", abc.toString(), "--sample-rate", "16000");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("composed a jig in G"), r[1]);
        String text = Files.readString(abc);
        assertTrue(text.contains("K:G"), text);
        AbcParser.parseTune(text, null);
        Clip clip = WavFile.read(wav);
        assertTrue(clip.durationSeconds() > 2, "duration " + clip.durationSeconds());
    }
}
