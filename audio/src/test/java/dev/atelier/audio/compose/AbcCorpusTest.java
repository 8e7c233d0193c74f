package dev.atelier.audio.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.audio.SharedData;
import dev.atelier.audio.abc.AbcParser;
import dev.atelier.audio.abc.AbcTune;
import dev.atelier.core.error.AtelierException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AbcCorpusTest {
    private static final String BOOK = """
            % a book comment
            X: 1
            T:First
            % Nottingham Music Database
            S:somebody
            M:2/4
            K:A
            M:6/8
            P:A
            f|"A"ecc c2f|"D"efe "E7"dcB|  % trailing comment
            K:D
            P:B
            "D"f2f Fdd|[1"D"d3 d2e:|[2"D"d3 d2||


            X: 2
            T:Second
            M:3/4
            K:Em
            W:words are not music
            E2G|B3|]
            X: 3
            T:No key, skipped
            M:3/4
            """;

    @Test
    void tunesGetAConditioningHeaderAndLoseTheirAnnotations() {
        List<AbcCorpus.Tune> tunes = AbcCorpus.tunes(BOOK, "jig");
        assertEquals(2, tunes.size());
        // The M: right after K: (before any music) joins the header; the unit stays the header meter's default.
        assertEquals("R:jig\nM:6/8\nL:1/16\nK:A\nf|\"A\"ecc c2f|\"D\"efe \"E7\"dcB|\nK:D\n\"D\"f2f Fdd|[1\"D\"d3 d2e:|[2\"D\"d3 d2||\n\n",
                tunes.get(0).text());
        // 3/4 is not below 0.75: unit 1/8; W: dropped.
        assertEquals("R:jig\nM:3/4\nL:1/8\nK:Em\nE2G|B3|]\n\n", tunes.get(1).text());
        assertEquals("1/16", AbcCorpus.defaultUnit("2/4"));
    }

    @Test
    void stylesFollowTheNottinghamFileNames() {
        assertEquals("jig", AbcCorpus.styleOf("jigs.abc"));
        assertEquals("reel", AbcCorpus.styleOf("reelsd-g.abc"));
        assertEquals("hornpipe", AbcCorpus.styleOf("hpps.abc"));
        assertEquals("waltz", AbcCorpus.styleOf("waltzes.abc"));
        assertEquals("slipjig", AbcCorpus.styleOf("slip.abc"));
        assertEquals("christmas", AbcCorpus.styleOf("xmas.abc"));
        assertEquals("morris", AbcCorpus.styleOf("morris.abc"));
        for (Style s : Style.values()) {
            assertEquals(s, Style.named(s.tag()));
        }
    }

    @Test
    void everyTenthTuneIsHeldOut() {
        List<AbcCorpus.Tune> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            all.add(new AbcCorpus.Tune("reel", "4/4", "1/8", "G", "G" + i + "|"));
        }
        AbcCorpus.Split s = AbcCorpus.split(all);
        assertEquals(List.of(all.get(9), all.get(19)), s.heldOut());
        assertEquals(23, s.training().size());
        assertFalse(s.training().contains(all.get(9)));
    }

    @Test
    void aMissingOrEmptyFolderIsATypedError(@TempDir Path dir) {
        assertThrows(AtelierException.class, () -> AbcCorpus.read(dir.resolve("nope")));
        assertThrows(AtelierException.class, () -> AbcCorpus.read(dir));
    }

    /** The corpus must teach valid ABC: every block, as a tune, must parse like its source did. */
    @Test
    void everyNottinghamCorpusTuneParses() {
        AbcCorpus.Split split = AbcCorpus.read(SharedData.require("nottingham-abc"));
        assertEquals(1034, split.training().size() + split.heldOut().size());
        assertEquals(103, split.heldOut().size());
        long inner = 0;
        long ok = 0;
        for (AbcCorpus.Tune t : split.training()) {
            AbcTune tune = AbcParser.parseTune("X:1\n" + t.text(), null);
            for (AbcTune.BarLength b : tune.bars()) {
                if (b.isInner()) {
                    inner++;
                    ok += b.matches() ? 1 : 0;
                }
            }
        }
        // The source books score 99.91% (NottinghamTest); dropping annotations must not change that much.
        assertTrue((double) ok / inner > 0.998, ok + "/" + inner);
    }
}
