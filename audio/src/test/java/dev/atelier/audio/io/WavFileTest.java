package dev.atelier.audio.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.atelier.audio.Clip;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WavFileTest {
    private static final int SR = 44_100;

    /** A stereo test clip: 1 kHz at 0.5 left, 250 Hz at −0.25 right, with exact full-scale ends. */
    private static Clip testClip() {
        int n = 4410;
        float[] l = new float[n];
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            l[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / SR));
            r[i] = (float) (-0.25 * Math.sin(2 * Math.PI * 250 * i / SR));
        }
        l[0] = 1.0f;
        r[0] = -1.0f;
        return new Clip(SR, l, r);
    }

    @ParameterizedTest
    @EnumSource(WavEncoding.class)
    void roundTripsWithinTheQuantisationStep(WavEncoding enc, @TempDir Path dir) {
        Clip clip = testClip();
        Path file = dir.resolve("t.wav");
        WavFile.write(clip, file, enc);
        Clip back = WavFile.read(file);
        assertEquals(SR, back.sampleRate());
        assertEquals(2, back.channelCount());
        assertEquals(clip.frames(), back.frames());
        // Rounding to the nearest step: half a step, except +1.0 which clamps to one step below.
        double step = enc == WavEncoding.FLOAT_32 ? 0 : Math.pow(2, -(enc.bits() - 1));
        for (int c = 0; c < 2; c++) {
            for (int i = 1; i < clip.frames(); i++) {
                assertEquals(clip.sample(c, i), back.sample(c, i), step / 2 + 1e-9);
            }
        }
        assertEquals(1.0, back.sample(0, 0), step);
        assertEquals(-1.0, back.sample(1, 0), 0);
        long expectedBytes = 44 + (enc == WavEncoding.FLOAT_32 ? 14 : 0)
                + (long) clip.frames() * 2 * enc.bytesPerSample();
        assertEquals(expectedBytes, file.toFile().length());
    }

    @ParameterizedTest
    @EnumSource(WavEncoding.class)
    void theJdkReadsWhatWeWrite(WavEncoding enc) throws Exception {
        Clip clip = testClip();
        byte[] bytes = WavFile.toBytes(clip, enc);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes))) {
            AudioFormat f = in.getFormat();
            assertEquals(SR, f.getSampleRate(), 0);
            assertEquals(2, f.getChannels());
            assertEquals(enc.bits(), f.getSampleSizeInBits());
            assertEquals(enc == WavEncoding.FLOAT_32 ? AudioFormat.Encoding.PCM_FLOAT : AudioFormat.Encoding.PCM_SIGNED,
                    f.getEncoding());
            assertEquals(clip.frames(), in.getFrameLength());
            byte[] pcm = in.readAllBytes();
            ByteBuffer bb = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
            // Frame 100, left channel, decoded by hand from the JDK's bytes.
            int at = 100 * 2 * enc.bytesPerSample();
            double v = switch (enc) {
                case PCM_16 -> bb.getShort(at) / 32768.0;
                case PCM_24 -> ((bb.get(at + 2) << 16) | ((bb.get(at + 1) & 0xFF) << 8) | (bb.get(at) & 0xFF)) / 8388608.0;
                case FLOAT_32 -> bb.getFloat(at);
            };
            assertEquals(0.5 * Math.sin(2 * Math.PI * 1000 * 100 / SR), v, 1e-4);
        }
    }

    @Test
    void readsWhatTheJdkWrites(@TempDir Path dir) throws Exception {
        // 16-bit mono written by javax.sound.sampled: a ramp of known sample values.
        short[] values = {0, 1000, -1000, 32767, -32768, 12345};
        ByteBuffer bb = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : values) {
            bb.putShort(s);
        }
        AudioFormat fmt = new AudioFormat(22_050, 16, 1, true, false);
        Path file = dir.resolve("jdk.wav");
        try (AudioInputStream ais = new AudioInputStream(new ByteArrayInputStream(bb.array()), fmt, values.length)) {
            AudioSystem.write(ais, javax.sound.sampled.AudioFileFormat.Type.WAVE, file.toFile());
        }
        Clip clip = WavFile.read(file);
        assertEquals(22_050, clip.sampleRate());
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i] / 32768.0, clip.sample(0, i), 0);
        }
    }

    @Test
    void corruptAndTruncatedFilesAreInvalidArguments() {
        byte[] good = WavFile.toBytes(testClip(), WavEncoding.PCM_16);
        assertInvalid(new byte[0], "truncated");
        assertInvalid(Arrays.copyOf(good, 10), "truncated");
        assertInvalid(Arrays.copyOf(good, 30), "truncated");
        assertInvalid(Arrays.copyOf(good, good.length - 100), "truncated");
        byte[] notRiff = good.clone();
        notRiff[0] = 'X';
        assertInvalid(notRiff, "not a RIFF");
        byte[] badAlign = good.clone();
        badAlign[32] = 7; // block align
        assertInvalid(badAlign, "block align");
        byte[] badRate = good.clone();
        ByteBuffer.wrap(badRate).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 1_000_000);
        assertInvalid(badRate, "sample rate");
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0x7FFF_FFF0); // data size: hours
        assertInvalid(huge, "longer than");
        byte[] garbage = new byte[200];
        new java.util.Random(3).nextBytes(garbage);
        assertInvalid(garbage, "RIFF");
    }

    @Test
    void aMissingFileIsNotFound(@TempDir Path dir) {
        AtelierException e = assertThrows(AtelierException.class, () -> WavFile.read(dir.resolve("nope.wav")));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
    }

    @Test
    void skipsUnknownChunksAndReadsExtensibleFloat() {
        // fmt as WAVE_FORMAT_EXTENSIBLE with the float sub-format, then a LIST chunk before data.
        float[] samples = {0.25f, -0.5f, 0.75f};
        ByteBuffer b = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(0).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(40).putShort((short) 0xFFFE).putShort((short) 1).putInt(48_000)
                .putInt(48_000 * 4).putShort((short) 4).putShort((short) 32)
                .putShort((short) 22).putShort((short) 32).putInt(4)
                .putShort((short) 3).put(new byte[14]);
        b.put("LIST".getBytes()).putInt(5).put(new byte[6]); // odd size + pad byte
        b.put("data".getBytes()).putInt(12);
        for (float f : samples) {
            b.putFloat(f);
        }
        Clip clip = WavFile.read(Arrays.copyOf(b.array(), b.position()));
        assertEquals(48_000, clip.sampleRate());
        assertEquals(3, clip.frames());
        for (int i = 0; i < 3; i++) {
            assertEquals(samples[i], clip.sample(0, i), 0);
        }
    }

    private static void assertInvalid(byte[] bytes, String messagePart) {
        AtelierException e = assertThrows(AtelierException.class, () -> WavFile.read(bytes));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        if (!e.getMessage().contains(messagePart)) {
            throw new AssertionError("message '" + e.getMessage() + "' lacks '" + messagePart + "'");
        }
    }
}
