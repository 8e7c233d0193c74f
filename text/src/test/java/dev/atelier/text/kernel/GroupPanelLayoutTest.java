package dev.atelier.text.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The order of {@link GroupPanelLayout} from its definition: every (row, group) gets its own unit
 * in {@code [0, rows·groups)}, panels follow each other, and inside a panel a block's rows are
 * interleaved group by group (what the decode kernels walk with fixed strides).
 */
class GroupPanelLayoutTest {

    @ParameterizedTest(name = "{0} rows × {1} groups")
    @CsvSource({"1, 1", "4, 2", "13, 16", "21, 5", "38, 3", "2048, 16", "7, 1"})
    void unitsFollowPanelsBlocksGroupsRows(int rows, int groups) {
        GroupPanelLayout layout = new GroupPanelLayout(rows, groups);
        int panel = GroupPanelLayout.panelGroups();
        boolean[] seen = new boolean[layout.units()];
        int expected = 0;
        for (int g0 = 0; g0 < groups; g0 += panel) {
            int width = Math.min(panel, groups - g0);
            assertEquals(width, layout.panelWidth(g0));
            for (int rb = 0; rb < rows; rb += GroupPanelLayout.BLOCK) {
                int blockRows = Math.min(GroupPanelLayout.BLOCK, rows - rb);
                assertEquals(expected, layout.blockStart(g0, rb), "start of block " + rb + " in panel " + g0);
                for (int g = g0; g < g0 + width; g++) {
                    for (int r = rb; r < rb + blockRows; r++) {
                        int u = layout.unit(r, g);
                        assertEquals(expected++, u, "row " + r + ", group " + g);
                        assertTrue(!seen[u]);
                        seen[u] = true;
                    }
                }
            }
        }
        assertEquals(layout.units(), expected);
    }
}
