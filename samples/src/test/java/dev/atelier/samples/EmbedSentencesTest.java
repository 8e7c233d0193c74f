package dev.atelier.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample runs and ranks a bread question nearest to the bread sentences. */
class EmbedSentencesTest {

    @Test
    void ranksTheRelevantSentencesFirst() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            EmbedSentences.main(new String[] {"How", "do", "I", "bake", "bread?"});
        } finally {
            System.setOut(old);
        }
        List<String> rows = out.toString(StandardCharsets.UTF_8).lines().skip(1).toList();
        assertEquals(4, rows.size(), rows.toString());
        List<String> ranked = rows.stream()
                .sorted(Comparator.comparingDouble((String l) -> Double.parseDouble(l.substring(0, 5))).reversed())
                .toList();
        assertTrue(ranked.get(0).contains("dough") || ranked.get(0).contains("Sourdough"), ranked.toString());
        assertTrue(ranked.get(3).contains("stock") || ranked.get(3).contains("kitten"), ranked.toString());
    }
}
