package dev.atelier.text.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The code point ranges a partial UTF-8 character can still become, against the Unicode standard's table 3-7. */
class TextTokenConstraintTest {

    private static int[] range(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return TextTokenConstraint.completions(b);
    }

    @Test
    void leadBytesSpanTheirWellFormedRanges() {
        assertArrayEquals(new int[] {0x80, 0xBF}, range(0xC2));
        assertArrayEquals(new int[] {0x7C0, 0x7FF}, range(0xDF));
        assertArrayEquals(new int[] {0x800, 0xFFF}, range(0xE0), "E0 needs A0..BF next: no overlong forms");
        assertArrayEquals(new int[] {0xD000, 0xD7FF}, range(0xED), "ED needs 80..9F next: no surrogates");
        assertArrayEquals(new int[] {0x10000, 0x3FFFF}, range(0xF0));
        assertArrayEquals(new int[] {0x100000, 0x10FFFF}, range(0xF4));
    }

    @Test
    void longerPrefixesNarrowTheRange() {
        assertArrayEquals(new int[] {0x2080, 0x20BF}, range(0xE2, 0x82)); // the euro sign U+20AC is E2 82 AC
        assertArrayEquals(new int[] {0x1F600, 0x1F63F}, range(0xF0, 0x9F, 0x98));
    }

    @Test
    void prefixesThatCanNeverFormACharacterHaveNoRange() {
        assertNull(range(0xC0), "C0 and C1 only begin overlong forms");
        assertNull(range(0xE0, 0x80), "overlong");
        assertNull(range(0xED, 0xA0), "a surrogate");
        assertNull(range(0xF5), "beyond U+10FFFF");
        assertNull(range(0x80), "a continuation byte begins nothing");
        assertNull(range(0xE2, 0x82, 0xAC), "already complete");
    }
}
