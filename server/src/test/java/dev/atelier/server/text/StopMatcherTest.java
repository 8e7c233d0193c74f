package dev.atelier.server.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopMatcherTest {

    private static String run(List<String> stops, String... pieces) {
        StopMatcher m = new StopMatcher(stops);
        StringBuilder out = new StringBuilder();
        for (String p : pieces) {
            out.append(m.push(p));
            if (m.matched()) {
                return out.append('|').toString();
            }
        }
        return out.append(m.flush()).toString();
    }

    @Test
    void withoutStopsEverythingPassesAtOnce() {
        StopMatcher m = new StopMatcher(List.of());
        assertEquals("abc", m.push("abc"));
        assertEquals("", m.flush());
    }

    @Test
    void aStopStringSplitOverPiecesIsCutAndNeverReleased() {
        assertEquals("Hello|", run(List.of("\n\n"), "Hel", "lo\n", "\nWorld"));
        assertEquals("one two|", run(List.of("END"), "one", " two", "E", "N", "D", " more"));
    }

    @Test
    void aFalseStartIsReleasedWhenItStopsMatching() {
        StopMatcher m = new StopMatcher(List.of("END"));
        assertEquals("a", m.push("aE"));   // "E" might begin END: held
        assertEquals("EX", m.push("X"));   // not END after all
        assertFalse(m.matched());
        assertEquals("abEN", run(List.of("END"), "ab", "EN"));  // end of text: the held part comes out
    }

    @Test
    void theEarliestOfSeveralStopsWins() {
        assertEquals("x|", run(List.of("yz", "y"), "xyz"));
        assertEquals("12|", run(List.of("345", "3"), "12", "345"));
    }

    @Test
    void overlappingPrefixesAreHeldLongEnough() {
        StopMatcher m = new StopMatcher(List.of("aab"));
        assertEquals("", m.push("a"));
        assertEquals("", m.push("a"));
        assertEquals("a", m.push("a"));   // "aaa": only the last "aa" can still begin "aab"
        assertEquals("", m.push("b"));
        assertTrue(m.matched());
    }
}
