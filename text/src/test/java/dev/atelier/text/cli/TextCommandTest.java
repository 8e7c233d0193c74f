package dev.atelier.text.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.text.generate.GenerationListener;
import dev.atelier.text.generate.GenerationRequest;
import dev.atelier.text.generate.TextGenerator;
import dev.atelier.text.llm.Architecture;
import dev.atelier.text.llm.LanguageModel;
import dev.atelier.text.llm.RandomModelWriter;
import dev.atelier.text.tensor.GgmlType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code atelier text generate} prints what the library generates; {@code bench} prints its figures. */
class TextCommandTest {

    @TempDir
    Path dir;

    @Test
    void generatePrintsTheGreedyContinuationAndBenchItsFigures() {
        Path file = dir.resolve("cli.gguf");
        RandomModelWriter.write(new RandomModelWriter.Shape(Architecture.GPT2, 64, 1, 4, 4, 128, 300, 64, true, false),
                GgmlType.F32, 5, true, false, file);
        String expected;
        try (LanguageModel m = LanguageModel.load(file, 1)) {
            expected = new TextGenerator(m).generate(GenerationRequest.builder().setPrompt("the sea").optGreedy().optMaxTokens(10)
                    .build(), GenerationListener.NONE).text();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new TextCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("generate", "--model", file.toString(), "--prompt", "the sea", "--temperature", "0", "--max-tokens", "10",
                        "--threads", "1");
        assertEquals(0, status, err.toString());
        assertEquals(expected + System.lineSeparator(), out.toString());
        assertTrue(err.toString().contains("prompt tokens"), err.toString());

        StringWriter bench = new StringWriter();
        status = new CommandLine(new TextCommand()).setOut(new PrintWriter(bench)).execute("bench", "--model", file.toString(),
                "--prompt-tokens", "8", "--decode-tokens", "4", "--bandwidth-mb", "16", "--streams", "3");
        assertEquals(0, status);
        assertTrue(bench.toString().contains("prefill: 8 tokens") && bench.toString().contains("of the roofline"), bench.toString());
        assertTrue(bench.toString().contains("3 streams × 4 tokens, unbatched") && bench.toString().contains("3 streams × 4 tokens, batched"),
                bench.toString());
    }
}
