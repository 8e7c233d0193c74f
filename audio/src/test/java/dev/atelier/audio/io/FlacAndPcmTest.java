package dev.atelier.audio.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.audio.Clip;
import dev.atelier.core.error.AtelierException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FlacAndPcmTest {
    private static Clip stereo(int sr, double seconds) {
        int n = (int) (sr * seconds);
        float[] l = new float[n];
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            l[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / sr));
            r[i] = (float) (0.25 * Math.sin(2 * Math.PI * 660 * i / sr));
        }
        return new Clip(sr, l, r);
    }

    @Test
    void flacStreamInfoMatchesTheSpecAndTheAudiosMd5() throws Exception {
        Clip clip = stereo(44_100, 1.5);
        byte[] flac = FlacFile.toBytes(clip, 16);
        assertEquals("fLaC", new String(flac, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        // First metadata block: STREAMINFO (type 0), 34 bytes (FLAC format spec).
        assertEquals(0, flac[4] & 0x7f);
        assertEquals(34, ((flac[5] & 0xff) << 16) | ((flac[6] & 0xff) << 8) | (flac[7] & 0xff));
        ByteBuffer info = ByteBuffer.wrap(flac, 8, 34).order(ByteOrder.BIG_ENDIAN);
        info.position(8 + 10);
        long packed = info.getLong(); // 20 bits rate, 3 channels-1, 5 bps-1, 36 total samples
        assertEquals(44_100, packed >>> 44);
        assertEquals(2, ((packed >>> 41) & 0x7) + 1);
        assertEquals(16, ((packed >>> 36) & 0x1f) + 1);
        assertEquals(clip.frames(), packed & 0xFFFFFFFFFL);
        byte[] md5 = Arrays.copyOfRange(flac, 8 + 18, 8 + 34);
        // The spec's MD5: of the interleaved samples, little-endian, at the stream's bit depth.
        byte[] pcm = RawPcm.toBytes(clip, false);
        assertArrayEquals(MessageDigest.getInstance("MD5").digest(pcm), md5);
        assertTrue(flac.length < pcm.length / 2, "a smooth signal compresses: " + flac.length + " vs " + pcm.length);
    }

    @Test
    void rawPcmIsInterleavedLittleEndian() {
        Clip clip = new Clip(8_000, new float[] {0.5f, -1f}, new float[] {0.25f, 1f});
        ByteBuffer b = ByteBuffer.wrap(RawPcm.toBytes(clip, false)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(16384, b.getShort());
        assertEquals(8192, b.getShort());
        assertEquals(-32768, b.getShort());
        assertEquals(32767, b.getShort());
        ByteBuffer f = ByteBuffer.wrap(RawPcm.toBytes(clip, true)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0.5f, f.getFloat());
        assertEquals(0.25f, f.getFloat());
    }

    @Test
    void formatsByName() {
        assertEquals(AudioFormatName.FLAC, AudioFormatName.parse("flac"));
        assertEquals(AudioFormatName.FLAC, AudioFormatName.forFile("x.FLAC"));
        assertThrows(AtelierException.class, () -> AudioFormatName.parse("mp3"));
        assertThrows(AtelierException.class, () -> FlacFile.toBytes(stereo(8000, 0.1), 12));
        Clip c = stereo(48_000, 0.2);
        for (AudioFormatName f : AudioFormatName.values()) {
            assertTrue(f.encode(c).length > 0);
        }
    }
}
