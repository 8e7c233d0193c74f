package dev.atelier.vision.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.core.error.AtelierException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IdxFileTest {

    private static byte[] idx(int magic, int[] dims, int dataBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        for (int i = 0; i < dataBytes; i++) {
            out.writeByte(i * 7);
        }
        return bytes.toByteArray();
    }

    @Test
    void readsTheLayoutOfTheSpec() throws IOException {
        IdxFile f = IdxFile.read(new ByteArrayInputStream(idx(0x00000803, new int[] {2, 3, 4}, 24)));
        assertArrayEquals(new int[] {2, 3, 4}, f.dims());
        assertEquals(24, f.data().length);
        assertEquals((23 * 7) & 0xff, f.data()[23] & 0xff);
    }

    @Test
    void refusesBadMagicTruncationAndHugeHeaders() {
        assertThrows(AtelierException.class,
                () -> IdxFile.read(new ByteArrayInputStream(idx(0x00000D03, new int[] {1, 1, 1}, 1))));
        assertThrows(AtelierException.class,
                () -> IdxFile.read(new ByteArrayInputStream(idx(0x00000803, new int[] {2, 3, 4}, 10))));
        // 100000 × 100000 × 100000 declared: refused before allocating.
        assertThrows(AtelierException.class,
                () -> IdxFile.read(new ByteArrayInputStream(idx(0x00000803, new int[] {100000, 100000, 100000}, 0))));
        assertThrows(AtelierException.class,
                () -> IdxFile.read(new ByteArrayInputStream(idx(0x00000803, new int[] {-1, 28, 28}, 0))));
    }

    @Test
    void readsRealMnistWithItsKnownFirstLabels() {
        Path folder = Path.of(System.getProperty("atelier.repo.root", ".")).resolve("../shared/data/mnist").normalize();
        assumeTrue(Files.isDirectory(folder), "shared MNIST not present");
        Mnist train = Mnist.train(folder);
        Mnist test = Mnist.test(folder);
        assertEquals(60000, train.count());
        assertEquals(10000, test.count());
        assertEquals(28, train.rows());
        // The first labels of the original files, as published with the data set.
        assertArrayEquals(new byte[] {5, 0, 4, 1, 9, 2, 1, 3}, java.util.Arrays.copyOf(train.labels(), 8));
        assertArrayEquals(new byte[] {7, 2, 1, 0, 4, 1, 4, 9}, java.util.Arrays.copyOf(test.labels(), 8));
        assertEquals("a handwritten digit seven", Mnist.caption(test.label(0)));
    }
}
