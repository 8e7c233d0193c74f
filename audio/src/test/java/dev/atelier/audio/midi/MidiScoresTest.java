package dev.atelier.audio.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.atelier.audio.Clip;
import dev.atelier.audio.dsp.OnsetDetector;
import dev.atelier.audio.dsp.PitchMethod;
import dev.atelier.audio.dsp.PitchTracker;
import dev.atelier.audio.score.Score;
import dev.atelier.audio.synth.Note;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;

public class MidiScoresTest {
    private static final int PPQ = 480;

    /** C4 E4 G4 C5, a quarter each at 100 bpm, then the tempo doubles for a last A4. */
    public static byte[] melody() throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, PPQ);
        Track conductor = seq.createTrack();
        conductor.add(new MidiEvent(tempo(600_000), 0));          // 100 bpm
        conductor.add(new MidiEvent(tempo(300_000), 4L * PPQ));   // 200 bpm from beat 4
        Track t = seq.createTrack();
        t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, 0, 0), 0)); // piano
        int[] pitches = {60, 64, 67, 72, 69};
        for (int i = 0; i < pitches.length; i++) {
            long on = (long) i * PPQ;
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, pitches[i], 100), on));
            // Note-off as a zero-velocity note-on for the last one, as many files do.
            ShortMessage off = i == 4 ? new ShortMessage(ShortMessage.NOTE_ON, 0, pitches[i], 0)
                    : new ShortMessage(ShortMessage.NOTE_OFF, 0, pitches[i], 0);
            t.add(new MidiEvent(off, on + PPQ * 3 / 4));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MidiSystem.write(seq, 1, out);
        return out.toByteArray();
    }

    private static MetaMessage tempo(int micros) throws Exception {
        return new MetaMessage(0x51, new byte[] {(byte) (micros >> 16), (byte) (micros >> 8), (byte) micros}, 3);
    }

    @Test
    void aWrittenMidiFileRendersWithItsPitchesAndTiming() throws Exception {
        Score score = MidiScores.read(melody(), "test");
        List<Note> notes = score.parts().get(0).notes();
        double[] starts = {0, 0.6, 1.2, 1.8, 2.4};
        assertEquals(5, notes.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(starts[i], notes.get(i).time(), 1e-9);
        }
        assertEquals(0.45, notes.get(0).duration(), 1e-9);
        assertEquals(0.225, notes.get(4).duration(), 1e-9); // at 200 bpm

        Clip clip = score.render(44_100);
        List<Double> onsets = OnsetDetector.defaults().detect(clip);
        System.out.println("MIDI render onsets: " + onsets);
        assertEquals(5, onsets.size(), onsets::toString);
        for (int i = 0; i < 5; i++) {
            assertEquals(starts[i], onsets.get(i), 0.010, "onset " + i);
        }
        PitchTracker yin = new PitchTracker(PitchMethod.YIN, 2048, 256);
        for (int i = 0; i < 4; i++) {
            double hz = yin.medianHz(clip, starts[i] + 0.05, starts[i] + 0.45);
            double cents = 1200 * Math.log(hz / notes.get(i).frequency()) / Math.log(2);
            System.out.printf("note %d: %.3f Hz, %.2f cents off%n", i, hz, cents);
            assertEquals(0, cents, 1.0, "note " + i);
        }
    }

    @Test
    void corruptOrEmptyMidiIsAnInvalidArgument() throws Exception {
        byte[] good = melody();
        byte[] truncated = java.util.Arrays.copyOf(good, 30);
        for (byte[] bad : new byte[][] {new byte[0], "not midi at all".getBytes(), truncated}) {
            AtelierException e = assertThrows(AtelierException.class, () -> MidiScores.read(bad, "x"));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        }
    }
}
