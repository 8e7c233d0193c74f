package dev.atelier.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.text.llm.Architecture;
import dev.atelier.text.llm.RandomModelWriter;
import dev.atelier.text.tensor.GgmlType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample runs a chat model end to end (a small random one: no weights are downloaded). */
class GenerateTextTest {

    @TempDir
    Path dir;

    @Test
    void streamsAReplyAndReportsTheCounts() {
        Path model = dir.resolve("tiny.gguf");
        RandomModelWriter.write(new RandomModelWriter.Shape(Architecture.QWEN2, 64, 1, 4, 2, 128, 300, 256, true, false),
                GgmlType.Q8_0, 3, true, false, model);
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            GenerateText.main(new String[] {model.toString(), "hello"});
        } finally {
            System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.matches("(?s).*\\[\\d+ prompt tokens, \\d+ generated, finish: (stop|length)]\\s*"), text);
    }
}
