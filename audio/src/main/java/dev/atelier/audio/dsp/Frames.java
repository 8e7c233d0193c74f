package dev.atelier.audio.dsp;

import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.AudioProcessor;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;

/**
 * Feeds a float signal to TarsosDSP processors frame by frame, in place of its
 * {@code AudioDispatcher}: the samples reach the processors exactly as floats (the dispatcher's
 * {@code fromFloatArray} would quantise them to 16 bits and clip them), frames past the end are
 * zero-padded, and each frame gets a fresh buffer so no processor sees another's leftovers.
 */
final class Frames {
    private Frames() {
    }

    /** Calls {@code processor} on frames of {@code size} samples every {@code hop} samples. */
    static void run(float[] signal, float sampleRate, int size, int hop, AudioProcessor processor, FrameSink sink) {
        // The format only serves the events' time stamps (bytes processed / frame size / rate).
        TarsosDSPAudioFormat format = new TarsosDSPAudioFormat(sampleRate, 16, 1, true, false);
        for (long start = 0; start < signal.length; start += hop) {
            float[] frame = new float[size];
            int n = (int) Math.min(size, signal.length - start);
            System.arraycopy(signal, (int) start, frame, 0, n);
            AudioEvent event = new AudioEvent(format);
            event.setFloatBuffer(frame);
            event.setOverlap(size - hop);
            event.setBytesProcessed(start * format.getFrameSize());
            processor.process(event);
            if (sink != null) {
                sink.accept(start, event.getFloatBuffer());
            }
        }
        processor.processingFinished();
    }

    /** Receives each frame's buffer after processing. */
    @FunctionalInterface
    interface FrameSink {
        void accept(long start, float[] processed);
    }
}
