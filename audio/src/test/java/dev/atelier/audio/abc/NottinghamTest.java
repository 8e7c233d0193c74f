package dev.atelier.audio.abc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.audio.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The whole Nottingham Music Database (1,034 tunes) parses, and its bars add up to their meters. */
class NottinghamTest {
    @Test
    void everyTuneParsesAndBarsMatchTheirMeter() throws IOException {
        Path folder = SharedData.require("nottingham-abc");
        List<AbcTune> tunes = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".abc")).sorted().toList()) {
                tunes.addAll(AbcParser.parseBook(Files.readString(f, StandardCharsets.ISO_8859_1)));
            }
        }
        assertEquals(1034, tunes.size());

        long inner = 0;
        long innerOk = 0;
        long all = 0;
        long allOk = 0;
        int perfectTunes = 0;
        int renderable = 0;
        for (AbcTune t : tunes) {
            boolean perfect = true;
            for (AbcTune.BarLength b : t.bars()) {
                if (b.meter() == null) {
                    continue;
                }
                if (!b.first() && !b.last()) {
                    all++;
                    allOk += b.matches() ? 1 : 0;
                }
                if (b.isInner()) {
                    inner++;
                    innerOk += b.matches() ? 1 : 0;
                    perfect &= b.matches();
                }
            }
            perfectTunes += perfect ? 1 : 0;
            if (!AbcArranger.arrange(t, AbcArranger.Options.defaults()).parts().isEmpty()) {
                renderable++;
            }
        }
        double innerRate = (double) innerOk / inner;
        double allRate = (double) allOk / all;
        System.out.printf("Nottingham: %d tunes; bars matching the meter: %.2f%% of %d inner bars, %.2f%% of %d"
                + " bars excluding first and last; %d tunes (%.1f%%) with every inner bar right; %d arranged%n",
                tunes.size(), 100 * innerRate, inner, 100 * allRate, all, perfectTunes,
                100.0 * perfectTunes / tunes.size(), renderable);
        assertEquals(tunes.size(), renderable);
        assertTrue(innerRate >= 0.95, "inner bars matching: " + innerRate);
    }
}
