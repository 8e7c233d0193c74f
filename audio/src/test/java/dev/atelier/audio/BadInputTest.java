package dev.atelier.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.atelier.audio.abc.AbcArranger;
import dev.atelier.audio.abc.AbcParser;
import dev.atelier.audio.abc.AbcTune;
import dev.atelier.audio.io.WavEncoding;
import dev.atelier.audio.io.WavFile;
import dev.atelier.audio.midi.MidiScores;
import dev.atelier.audio.prompt.PromptParser;
import dev.atelier.audio.score.ScoreJson;
import dev.atelier.core.error.AtelierException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Corrupted inputs of every kind either parse or fail with a typed {@link AtelierException} —
 * never another exception. Mutations are seeded, so a failure replays.
 */
class BadInputTest {
    private static final String ABC = "X:1\nT:Fuzz\nM:6/8\nL:1/8\nQ:3/8=100\nK:Dmix\n"
            + "|:\"D\"A>BA (3ABc d2e|\"G\"f2g [Bd]2z|1\"A7/c+\"e2-e ^c=c_B:|2\"D\"d3 d2||\n";
    private static final String JSON = "{\"tempo\": 100, \"instruments\": {\"a\": \"piano\", \"b\": {\"waveform\": \"fm\","
            + " \"fm\": {\"algorithm\": \"stack_2\", \"operators\": [{\"ratio\": 1, \"level\": 0.5}, {\"ratio\": 2, \"level\": 1}]}}},"
            + " \"notes\": [{\"instrument\": \"a\", \"time\": 0, \"pitch\": \"C4\", \"duration\": 1},"
            + " {\"instrument\": \"b\", \"time\": 1, \"pitch\": 64, \"velocity\": 0.5, \"duration\": 0.5}]}";

    private static void fuzz(byte[] valid, int cases, long seed, Consumer<byte[]> parse) {
        Random r = new Random(seed);
        for (int c = 0; c < cases; c++) {
            byte[] b = valid.clone();
            int edits = 1 + r.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = r.nextInt(b.length);
                switch (r.nextInt(3)) {
                    case 0 -> b[at] = (byte) r.nextInt(256);
                    case 1 -> b[at] = (byte) "|:[]()\"'/,<>-^_=0123456789zZ{}!+".charAt(r.nextInt(32));
                    default -> b = java.util.Arrays.copyOf(b, Math.max(1, at));
                }
            }
            try {
                parse.accept(b);
            } catch (AtelierException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            } catch (RuntimeException | StackOverflowError e) {
                fail("case " + c + " threw " + e + " for input " + new String(b, StandardCharsets.ISO_8859_1), e);
            }
        }
    }

    @Test
    void corruptedAbcParsesOrFailsTyped() {
        fuzz(ABC.getBytes(StandardCharsets.ISO_8859_1), 600, 1, b -> {
            AbcTune t = AbcParser.parseTune(new String(b, StandardCharsets.ISO_8859_1), null);
            AbcArranger.arrange(t, AbcArranger.Options.defaults());
        });
    }

    @Test
    void corruptedJsonScoresParseOrFailTyped() {
        fuzz(JSON.getBytes(StandardCharsets.UTF_8), 600, 2, ScoreJson::parse);
    }

    @Test
    void corruptedMidiParsesOrFailsTyped() throws Exception {
        fuzz(dev.atelier.audio.midi.MidiScoresTest.melody(), 400, 3, b -> MidiScores.read(b, "fuzz"));
    }

    @Test
    void corruptedWavReadsOrFailsTyped() {
        Clip c = new Clip(8000, new float[] {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, -0.8f});
        fuzz(WavFile.toBytes(c, WavEncoding.PCM_16), 1000, 4, WavFile::read);
    }

    @Test
    void corruptedPromptsParseOrFailTyped() {
        fuzz("a calm piano melody in D minor at 80 bpm for 10 seconds".getBytes(StandardCharsets.UTF_8), 600, 5,
                b -> PromptParser.parse(new String(b, StandardCharsets.UTF_8)));
    }
}
