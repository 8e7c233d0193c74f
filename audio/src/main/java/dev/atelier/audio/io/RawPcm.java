package dev.atelier.audio.io;

import dev.atelier.audio.Clip;
import dev.atelier.core.error.AtelierException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Headerless PCM: interleaved little-endian samples, 16-bit signed ({@code s16le}) or 32-bit float
 * ({@code f32le}), as ffmpeg names them. The reader must know rate and channels.
 */
public final class RawPcm {
    private RawPcm() {
    }

    public static byte[] toBytes(Clip clip, boolean floats) {
        int channels = clip.channelCount();
        long size = (long) clip.frames() * channels * (floats ? 4 : 2);
        if (size > Integer.MAX_VALUE - 8) {
            throw AtelierException.invalidArgument("clip", "clip too large for raw PCM in memory");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        float[][] data = new float[channels][];
        for (int c = 0; c < channels; c++) {
            data[c] = clip.channel(c);
        }
        for (int i = 0; i < clip.frames(); i++) {
            for (int c = 0; c < channels; c++) {
                if (floats) {
                    b.putFloat(data[c][i]);
                } else {
                    b.putShort((short) WavFile.quantise(data[c][i], 15));
                }
            }
        }
        return b.array();
    }
}
