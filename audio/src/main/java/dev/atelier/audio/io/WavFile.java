package dev.atelier.audio.io;

import dev.atelier.audio.AudioLimits;
import dev.atelier.audio.Clip;
import dev.atelier.core.error.AtelierException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes RIFF/WAVE files with our own code, following the Microsoft RIFF spec: a
 * {@code RIFF} header, a {@code fmt } chunk, for float a {@code fact} chunk, then {@code data}.
 *
 * <p>Writing: 16- or 24-bit PCM (sample × 2^(bits−1), rounded and clamped) or 32-bit IEEE float.
 * Reading: PCM 8/16/24/32-bit and float 32/64-bit, plain or WAVE_FORMAT_EXTENSIBLE; unknown chunks
 * are skipped. Anything malformed, truncated or beyond the clip limits (sample rate, channels,
 * 10 minutes) is an {@code INVALID_ARGUMENT}, raised before the sample memory is allocated.
 */
public final class WavFile {
    private static final int TAG_PCM = 1;
    private static final int TAG_FLOAT = 3;
    private static final int TAG_EXTENSIBLE = 0xFFFE;
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;

    private WavFile() {
    }

    // ---------------------------------------------------------------- writing

    public static void write(Clip clip, Path path, WavEncoding encoding) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            write(clip, out, encoding);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] toBytes(Clip clip, WavEncoding encoding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(44 + clip.frames() * clip.channelCount() * 4);
        try {
            write(clip, out, encoding);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static void write(Clip clip, OutputStream out, WavEncoding encoding) throws IOException {
        int channels = clip.channelCount();
        int frames = clip.frames();
        int bytes = encoding.bytesPerSample();
        long dataSize = (long) frames * channels * bytes;
        boolean isFloat = encoding == WavEncoding.FLOAT_32;
        int fmtSize = isFloat ? 18 : 16;
        long riffSize = 4 + (8 + fmtSize) + (isFloat ? 12 : 0) + 8 + dataSize + (dataSize & 1);
        if (riffSize > UNKNOWN_SIZE - 1) {
            throw AtelierException.invalidArgument("clip", "clip too large for a WAV file");
        }

        ByteBuffer h = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        h.put(ascii("RIFF")).putInt((int) riffSize).put(ascii("WAVE"));
        h.put(ascii("fmt ")).putInt(fmtSize)
                .putShort((short) encoding.formatTag())
                .putShort((short) channels)
                .putInt(clip.sampleRate())
                .putInt(clip.sampleRate() * channels * bytes) // byte rate
                .putShort((short) (channels * bytes))          // block align
                .putShort((short) encoding.bits());
        if (isFloat) {
            h.putShort((short) 0); // cbSize: no extension
            h.put(ascii("fact")).putInt(4).putInt(frames);
        }
        h.put(ascii("data")).putInt((int) dataSize);
        out.write(h.array(), 0, h.position());

        float[][] data = new float[channels][];
        for (int c = 0; c < channels; c++) {
            data[c] = clip.channel(c);
        }
        ByteBuffer buf = ByteBuffer.allocate(4096 * channels * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                float v = data[c][i];
                switch (encoding) {
                    case PCM_16 -> buf.putShort((short) quantise(v, 15));
                    case PCM_24 -> {
                        int s = quantise(v, 23);
                        buf.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                    }
                    case FLOAT_32 -> buf.putFloat(v);
                }
            }
            if (buf.remaining() < channels * bytes) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
        }
        out.write(buf.array(), 0, buf.position());
        if ((dataSize & 1) == 1) {
            out.write(0); // chunks are padded to even sizes
        }
        out.flush();
    }

    static int quantise(float v, int shift) {
        double full = 1 << shift;
        double s = Math.rint(v * full);
        return (int) Math.max(-full, Math.min(full - 1, s));
    }

    // ---------------------------------------------------------------- reading

    public static Clip read(Path path) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return read(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw AtelierException.notFound("no such WAV file: " + path.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Clip read(byte[] bytes) {
        try {
            return read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one WAV from the stream (does not close it). */
    public static Clip read(InputStream in) throws IOException {
        Reader r = new Reader(in);
        if (!r.tag().equals("RIFF")) {
            throw corrupt("not a RIFF file");
        }
        r.u32(); // RIFF size: not trusted, streams often get it wrong
        if (!r.tag().equals("WAVE")) {
            throw corrupt("not a WAVE file");
        }
        Format format = null;
        while (true) {
            String id = r.tag();
            if (!id.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
                throw corrupt("bad chunk id");
            }
            long size = r.u32();
            if (id.equals("fmt ")) {
                format = Format.parse(r, size);
            } else if (id.equals("data")) {
                if (format == null) {
                    throw corrupt("data chunk before fmt chunk");
                }
                return format.decode(r, size);
            } else {
                r.skip(size + (size & 1));
            }
        }
    }

    private record Format(int tag, int channels, int sampleRate, int bits, int blockAlign) {
        static Format parse(Reader r, long size) throws IOException {
            if (size < 16 || size > 1024) {
                throw corrupt("bad fmt chunk size " + size);
            }
            int tag = r.u16();
            int channels = r.u16();
            long rate = r.u32();
            r.u32(); // byte rate: derived, not needed
            int blockAlign = r.u16();
            int bits = r.u16();
            long rest = size - 16;
            if (tag == TAG_EXTENSIBLE) {
                if (rest < 24) {
                    throw corrupt("short WAVE_FORMAT_EXTENSIBLE header");
                }
                r.u16(); // cbSize
                r.u16(); // valid bits
                r.u32(); // channel mask
                tag = r.u16(); // the sub-format GUID starts with the plain format tag
                r.skip(14);
                rest -= 24;
            }
            r.skip(rest + (size & 1));
            if (channels < 1 || channels > AudioLimits.MAX_CHANNELS) {
                throw AtelierException.invalidArgument("channels", "WAV has " + channels + " channels; 1 to "
                        + AudioLimits.MAX_CHANNELS + " are supported");
            }
            if (rate < AudioLimits.MIN_SAMPLE_RATE || rate > AudioLimits.MAX_SAMPLE_RATE) {
                AudioLimits.checkSampleRate((int) Math.min(Integer.MAX_VALUE, rate));
            }
            boolean pcm = tag == TAG_PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
            boolean flt = tag == TAG_FLOAT && (bits == 32 || bits == 64);
            if (!pcm && !flt) {
                throw AtelierException.invalidArgument("wav", "unsupported WAV encoding (format " + tag + ", "
                        + bits + " bits); supported: PCM 8/16/24/32-bit, float 32/64-bit");
            }
            if (blockAlign != channels * bits / 8) {
                throw corrupt("block align " + blockAlign + " does not match " + channels + " × " + bits + " bits");
            }
            return new Format(tag, channels, (int) rate, bits, blockAlign);
        }

        Clip decode(Reader r, long size) throws IOException {
            long maxFrames = (long) (AudioLimits.MAX_SECONDS * sampleRate);
            long frames;
            if (size == UNKNOWN_SIZE) {
                frames = -1; // streamed WAV: read to the end, still bounded
            } else {
                frames = size / blockAlign;
                if (frames > maxFrames) {
                    throw AtelierException.invalidArgument("duration", "WAV is longer than "
                            + (int) AudioLimits.MAX_SECONDS + " seconds");
                }
            }
            int bytes = bits / 8;
            int chunkFrames = 4096;
            byte[] buf = new byte[chunkFrames * blockAlign];
            int capacity = frames >= 0 ? (int) frames : (int) Math.min(maxFrames, 1 << 16);
            float[][] out = new float[channels][capacity];
            int done = 0;
            while (frames < 0 || done < frames) {
                int want = frames < 0 ? chunkFrames : (int) Math.min(chunkFrames, frames - done);
                int got = r.readUpTo(buf, want * blockAlign);
                if (got < want * blockAlign) {
                    if (frames >= 0) {
                        throw corrupt("truncated: the data chunk promises " + frames + " frames, the file ends after "
                                + (done + got / blockAlign));
                    }
                    want = got / blockAlign;
                    if (want == 0) {
                        break;
                    }
                }
                if (done + want > capacity) {
                    if (done + want > maxFrames) {
                        throw AtelierException.invalidArgument("duration", "WAV is longer than "
                                + (int) AudioLimits.MAX_SECONDS + " seconds");
                    }
                    capacity = (int) Math.min(maxFrames, Math.max(done + want, 2L * capacity));
                    for (int c = 0; c < channels; c++) {
                        out[c] = java.util.Arrays.copyOf(out[c], capacity);
                    }
                }
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, want * blockAlign).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < want; i++) {
                    for (int c = 0; c < channels; c++) {
                        out[c][done + i] = sample(bb, bytes);
                    }
                }
                done += want;
                if (frames < 0 && got < chunkFrames * blockAlign) {
                    break;
                }
            }
            if (done != capacity) {
                for (int c = 0; c < channels; c++) {
                    out[c] = java.util.Arrays.copyOf(out[c], done);
                }
            }
            return Clip.adopt(sampleRate, out);
        }

        private float sample(ByteBuffer bb, int bytes) {
            if (tag == TAG_FLOAT) {
                return bytes == 4 ? bb.getFloat() : (float) bb.getDouble();
            }
            return switch (bytes) {
                case 1 -> ((bb.get() & 0xFF) - 128) / 128f; // 8-bit WAV is unsigned
                case 2 -> bb.getShort() / 32768f;
                case 3 -> {
                    int lo = bb.get() & 0xFF;
                    int mid = bb.get() & 0xFF;
                    int hi = bb.get(); // sign-extends
                    yield ((hi << 16) | (mid << 8) | lo) / 8388608f;
                }
                default -> (float) (bb.getInt() / 2147483648.0);
            };
        }
    }

    /** Little-endian primitives over a stream; a premature end is a corrupt file. */
    private static final class Reader {
        private final InputStream in;

        Reader(InputStream in) {
            this.in = in;
        }

        /** Four bytes as ISO-8859-1 text, so garbage never equals a real id. */
        String tag() throws IOException {
            return new String(exactly(4), java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        int u16() throws IOException {
            byte[] b = exactly(2);
            return (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
        }

        long u32() throws IOException {
            byte[] b = exactly(4);
            return (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
        }

        void skip(long n) throws IOException {
            long left = n;
            while (left > 0) {
                long s = in.skip(left);
                if (s <= 0) {
                    if (in.read() < 0) {
                        throw corrupt("truncated: file ends inside a chunk");
                    }
                    s = 1;
                }
                left -= s;
            }
        }

        int readUpTo(byte[] buf, int n) throws IOException {
            return in.readNBytes(buf, 0, n);
        }

        private byte[] exactly(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw corrupt(b.length == 0 ? "truncated: no data chunk" : "truncated header");
            }
            return b;
        }
    }

    private static AtelierException corrupt(String why) {
        return AtelierException.invalidArgument("wav", "corrupt WAV file: " + why);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
