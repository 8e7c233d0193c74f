package dev.atelier.core.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void drawsAProgressBarWithMetricsOnTheGivenStream() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        try (ConsoleProgress console = ConsoleProgress.bars(out)) {
            assertTrue(console.drawsBars());
            try (Progress progress = Progress.start("train tiny", 50, "steps", console, Duration.ZERO)) {
                for (int i = 0; i < 50; i++) {
                    progress.metric("loss", 3.0 - i * 0.05);
                    progress.step();
                }
            }
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("train tiny"), text);
        assertTrue(text.contains("50/50 steps"), text);
        assertTrue(text.contains("loss=0.55"), text);
        assertTrue(text.contains("100%"), text);
    }

    @Test
    void unknownTotalsAndBarsLeftOpenDoNotThrow() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        ConsoleProgress console = ConsoleProgress.bars(out);
        Progress download = Progress.start("load weights", -1, "bytes", console, Duration.ZERO);
        download.set(5L << 20);
        console.close(); // the job never finished: the bar is closed anyway
        assertTrue(buffer.toString(StandardCharsets.UTF_8).contains("load weights"));
    }

    @Test
    void logModeWritesNoBarAndFormatsLines() {
        ConsoleProgress console = ConsoleProgress.logging(Duration.ofHours(1));
        assertFalse(console.drawsBars());
        try (Progress progress = Progress.start("t", 2, "steps", console, Duration.ZERO)) {
            progress.step(2);
        }
        ProgressEvent event = new ProgressEvent("train", 120, 1000, "steps", "epoch 1",
                Map.of("loss", 1.23456), 6_100, false);
        assertEquals("train: 120/1000 steps (12%), epoch 1, loss=1.235, 6.1s", ConsoleProgress.line(event));
        assertEquals("12350", ConsoleProgress.format(12345.678));
        assertEquals("2", ConsoleProgress.format(2.0));
        assertEquals("NaN", ConsoleProgress.format(Double.NaN));
    }
}
