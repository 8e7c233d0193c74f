package dev.atelier.audio.speech;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import com.sun.speech.freetts.audio.AudioPlayer;
import dev.atelier.audio.AudioLimits;
import dev.atelier.audio.Clip;
import dev.atelier.audio.dsp.Resampling;
import dev.atelier.audio.loudness.LoudnessNormalizer;
import dev.atelier.core.error.AtelierException;
import java.io.ByteArrayOutputStream;
import javax.sound.sampled.AudioFormat;

/**
 * Offline text-to-speech with FreeTTS 1.2.2 and its built-in diphone voice {@code kevin16}
 * (16 kHz, US English), then this module's pipeline: resampling to the requested rate and
 * loudness normalisation to −16 LUFS with a −1 dBTP ceiling. FreeTTS voices are not thread-safe,
 * so one voice is loaded once and used by one caller at a time.
 */
public final class Speech {
    public static final String VOICE = "kevin16";
    public static final int MAX_CHARS = 2_000;
    public static final double TARGET_LUFS = -16;
    private static final Object LOCK = new Object();
    private static Voice voice;

    private Speech() {
    }

    /** Speech of {@code text} at 24 kHz, normal speed. */
    public static Clip say(String text) {
        return say(text, 24_000, 1.0);
    }

    /**
     * Speech of {@code text} at {@code sampleRate}; {@code speed} 0.5 (slow) to 2 (fast) scales the
     * speaking rate, not the pitch.
     */
    public static Clip say(String text, int sampleRate, double speed) {
        return say(text, sampleRate, speed, TARGET_LUFS);
    }

    /** As {@link #say(String, int, double)}, normalised to {@code targetLufs} (−70 to 0). */
    public static Clip say(String text, int sampleRate, double speed, double targetLufs) {
        AudioLimits.checkRange(targetLufs, -70, 0, "target_lufs");
        if (text == null || text.isBlank()) {
            throw AtelierException.invalidArgument("text", "there is no text to speak");
        }
        if (text.length() > MAX_CHARS) {
            throw AtelierException.invalidArgument("text", "text to speak may be at most " + MAX_CHARS + " characters");
        }
        AudioLimits.checkSampleRate(sampleRate);
        AudioLimits.checkRange(speed, 0.5, 2, "speed");
        // Control characters mean nothing to a speaker and confuse FreeTTS's tokenizer.
        String clean = text.replaceAll("\\p{Cntrl}", " ").strip();
        Clip raw;
        synchronized (LOCK) {
            Voice v = voice();
            Collector collector = new Collector();
            v.setAudioPlayer(collector);
            v.setDurationStretch((float) (1 / speed));
            if (!v.speak(clean)) {
                throw AtelierException.internal("speech synthesis failed", null);
            }
            raw = collector.clip();
        }
        if (raw.frames() == 0 || raw.peak() == 0) {
            throw AtelierException.invalidArgument("text", "the text gave no speech (nothing pronounceable?)");
        }
        Clip resampled = Resampling.resample(raw, sampleRate);
        if (resampled.durationSeconds() < 0.4) {
            return resampled; // too short to measure loudness on
        }
        return LoudnessNormalizer.normalize(resampled, targetLufs, -1).clip();
    }

    private static Voice voice() {
        if (voice == null) {
            System.setProperty("freetts.voices", "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory");
            Voice v = VoiceManager.getInstance().getVoice(VOICE);
            if (v == null) {
                throw AtelierException.unavailable("the FreeTTS voice " + VOICE + " is not on the class path");
            }
            v.allocate();
            voice = v;
        }
        return voice;
    }

    /** An AudioPlayer that keeps the samples instead of playing them. */
    private static final class Collector implements AudioPlayer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private AudioFormat format = new AudioFormat(16_000, 16, 1, true, true);
        private float volume = 1;

        Clip clip() {
            byte[] b = bytes.toByteArray();
            int frameSize = format.getFrameSize();
            int channels = format.getChannels();
            int bits = format.getSampleSizeInBits();
            if (bits != 16 && bits != 8) {
                throw AtelierException.internal("unexpected FreeTTS sample size " + bits, null);
            }
            int frames = b.length / frameSize;
            float[] mono = new float[frames];
            for (int f = 0; f < frames; f++) {
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    int at = f * frameSize + c * (bits / 8);
                    int s;
                    if (bits == 16) {
                        s = format.isBigEndian() ? (b[at] << 8) | (b[at + 1] & 0xff) : (b[at + 1] << 8) | (b[at] & 0xff);
                        sum += s / 32768.0;
                    } else {
                        sum += (format.getEncoding() == AudioFormat.Encoding.PCM_SIGNED ? b[at] : (b[at] & 0xff) - 128) / 128.0;
                    }
                }
                mono[f] = (float) (sum / channels);
            }
            return Clip.adopt(Math.round(format.getSampleRate()), new float[][] {mono});
        }

        @Override
        public void setAudioFormat(AudioFormat f) {
            format = f;
        }

        @Override
        public AudioFormat getAudioFormat() {
            return format;
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public void reset() {
        }

        @Override
        public boolean drain() {
            return true;
        }

        @Override
        public void begin(int size) {
        }

        @Override
        public boolean end() {
            return true;
        }

        @Override
        public void cancel() {
        }

        @Override
        public void close() {
        }

        @Override
        public float getVolume() {
            return volume;
        }

        @Override
        public void setVolume(float v) {
            volume = v;
        }

        @Override
        public long getTime() {
            return 0;
        }

        @Override
        public void resetTime() {
        }

        @Override
        public void startFirstSampleTimer() {
        }

        @Override
        public boolean write(byte[] audio) {
            return write(audio, 0, audio.length);
        }

        @Override
        public boolean write(byte[] audio, int offset, int size) {
            if (bytes.size() + (long) size > (long) AudioLimits.MAX_SECONDS * 16_000 * 2 * 2) {
                return false; // far beyond any text we accept; stop rather than grow without bound
            }
            bytes.write(audio, offset, size);
            return true;
        }

        @Override
        public void showMetrics() {
        }
    }
}
