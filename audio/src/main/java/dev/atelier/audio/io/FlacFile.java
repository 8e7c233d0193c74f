package dev.atelier.audio.io;

import dev.atelier.audio.Clip;
import dev.atelier.core.error.AtelierException;
import java.io.IOException;
import java.util.Arrays;
import net.sourceforge.javaflacencoder.EncodingConfiguration;
import net.sourceforge.javaflacencoder.FLACEncoder;
import net.sourceforge.javaflacencoder.FLACOutputStream;
import net.sourceforge.javaflacencoder.StreamConfiguration;

/**
 * Lossless FLAC output (16 or 24 bits) with javaFlacEncoder 0.3.7 (LGPL). The encoder writes into
 * a seekable in-memory stream so it can go back and complete the STREAMINFO block: total sample
 * count and the MD5 of the audio, which any decoder can check. FLAC's sample rates go up to
 * 655,350 Hz, so every rate this module allows fits.
 */
public final class FlacFile {
    private FlacFile() {
    }

    /** The clip as a FLAC file; {@code bits} is 16 or 24 (samples rounded as for WAV). */
    public static byte[] toBytes(Clip clip, int bits) {
        if (bits != 16 && bits != 24) {
            throw AtelierException.invalidArgument("bits", "FLAC output is 16 or 24 bits, got " + bits);
        }
        int channels = clip.channelCount();
        StreamConfiguration sc = new StreamConfiguration(channels, StreamConfiguration.DEFAULT_MIN_BLOCK_SIZE,
                StreamConfiguration.DEFAULT_MAX_BLOCK_SIZE, clip.sampleRate(), bits);
        if (!sc.isValid() || channels > 8) {
            throw AtelierException.invalidArgument("clip", "this clip's format cannot be stored as FLAC");
        }
        FLACEncoder encoder = new FLACEncoder();
        MemoryStream out = new MemoryStream();
        encoder.setStreamConfiguration(sc);
        encoder.setEncodingConfiguration(new EncodingConfiguration());
        encoder.setOutputStream(out);
        float[][] data = new float[channels][];
        for (int c = 0; c < channels; c++) {
            data[c] = clip.channel(c);
        }
        int frames = clip.frames();
        int chunk = 4096;
        int[] interleaved = new int[chunk * channels];
        try {
            encoder.openFLACStream();
            for (int start = 0; start < frames; start += chunk) {
                int n = Math.min(chunk, frames - start);
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < channels; c++) {
                        interleaved[i * channels + c] = WavFile.quantise(data[c][start + i], bits - 1);
                    }
                }
                encoder.addSamples(interleaved, n);
                encoder.encodeSamples(encoder.fullBlockSamplesAvailableToEncode(), false);
            }
            encoder.encodeSamples(encoder.samplesAvailableToEncode(), true);
        } catch (IOException e) {
            throw AtelierException.internal("FLAC encoding failed", e);
        }
        return out.toByteArray();
    }

    /** A growable byte array that the encoder can seek back into. */
    private static final class MemoryStream implements FLACOutputStream {
        private byte[] buf = new byte[1 << 16];
        private int size;
        private int pos;

        @Override
        public long seek(long position) {
            if (position < 0 || position > size) {
                throw new IllegalArgumentException("seek outside the stream");
            }
            pos = (int) position;
            return pos;
        }

        @Override
        public int write(byte[] data, int offset, int count) {
            ensure(pos + count);
            System.arraycopy(data, offset, buf, pos, count);
            pos += count;
            size = Math.max(size, pos);
            return count;
        }

        @Override
        public void write(byte data) {
            ensure(pos + 1);
            buf[pos++] = data;
            size = Math.max(size, pos);
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public boolean canSeek() {
            return true;
        }

        @Override
        public long getPos() {
            return pos;
        }

        private void ensure(int capacity) {
            if (capacity > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(capacity, buf.length * 2));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
