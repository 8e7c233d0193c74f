package dev.atelier.text.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Ids and block layouts as ggml defines them (ggml.h, ggml-common.h). */
class GgmlTypeTest {

    @Test
    void idsAndBlockSizesFollowGgml() {
        assertLayout(GgmlType.F32, 0, 1, 4);
        assertLayout(GgmlType.F16, 1, 1, 2);
        assertLayout(GgmlType.Q4_0, 2, 32, 2 + 16);
        assertLayout(GgmlType.Q4_1, 3, 32, 2 + 2 + 16);
        assertLayout(GgmlType.Q5_0, 6, 32, 2 + 4 + 16);
        assertLayout(GgmlType.Q5_1, 7, 32, 2 + 2 + 4 + 16);
        assertLayout(GgmlType.Q8_0, 8, 32, 2 + 32);
        assertLayout(GgmlType.Q2_K, 10, 256, 16 + 64 + 2 + 2);
        assertLayout(GgmlType.Q3_K, 11, 256, 32 + 64 + 12 + 2);
        assertLayout(GgmlType.Q4_K, 12, 256, 2 + 2 + 12 + 128);
        assertLayout(GgmlType.Q5_K, 13, 256, 2 + 2 + 12 + 32 + 128);
        assertLayout(GgmlType.Q6_K, 14, 256, 128 + 64 + 16 + 2);
        assertLayout(GgmlType.Q8_K, 15, 256, 4 + 256 + 32);
        assertLayout(GgmlType.BF16, 30, 1, 2);
    }

    private static void assertLayout(GgmlType t, int id, int block, int bytes) {
        assertEquals(id, t.id(), t + " id");
        assertEquals(block, t.blockSize(), t + " block size");
        assertEquals(bytes, t.blockBytes(), t + " block bytes");
        assertEquals(Optional.of(t), GgmlType.byId(id));
    }

    @Test
    void unknownAndRemovedIdsAreEmpty() {
        for (int id : new int[] {-1, 4, 5, 31, 32, 33, 36, 37, 38, 40, 1000}) {
            assertEquals(Optional.empty(), GgmlType.byId(id), "id " + id);
        }
    }

    @Test
    void byteSizeCountsWholeBlocks() {
        assertEquals(4096 * 4, GgmlType.F32.byteSize(4096));
        assertEquals(4096 / 32 * 34, GgmlType.Q8_0.byteSize(4096));
        assertEquals(4096 / 32 * 18, GgmlType.Q4_0.byteSize(4096));
        assertEquals(4096 / 256 * 210, GgmlType.Q6_K.byteSize(4096));
        assertEquals(0, GgmlType.Q4_K.byteSize(0));
    }

    @Test
    void byteSizeRejectsPartialBlocksNegativeCountsAndOverflow() {
        AtelierException e = assertThrows(AtelierException.class, () -> GgmlType.Q8_0.byteSize(33));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("multiple"), e.getMessage());
        assertThrows(AtelierException.class, () -> GgmlType.F32.byteSize(-1));
        assertThrows(AtelierException.class, () -> GgmlType.F32.byteSize(Long.MAX_VALUE));
        assertThrows(AtelierException.class, () -> GgmlType.Q8_0.byteSize(Long.MAX_VALUE / 32 * 32));
    }

    @Test
    void supportedTypesAreMarked() {
        for (GgmlType t : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0,
                GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K,
                GgmlType.Q5_K, GgmlType.Q6_K}) {
            assertTrue(t.canDequantize(), t.toString());
        }
        assertFalse(GgmlType.IQ2_XXS.canDequantize());
    }
}
