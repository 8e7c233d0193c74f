package dev.atelier.audio.bench;

import dev.atelier.audio.Clip;
import dev.atelier.audio.synth.Note;
import dev.atelier.audio.synth.Part;
import dev.atelier.audio.synth.Patch;
import dev.atelier.audio.synth.ReverbSettings;
import dev.atelier.audio.synth.Synth;
import dev.atelier.audio.synth.SynthSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Render speed of the synthesizer, as a multiple of real time, on the calling thread (one core):
 * a 60 s score keeping about 8 voices busy (a 4-note pad chord every 2 s under a lead arpeggio of
 * overlapping notes), saw/pulse oscillators through envelope-swept resonant filters, LFOs,
 * reverb and the limiter, at 48 kHz stereo. Prints the real-time factor by the wall clock and by
 * the thread's CPU time (what counts on a machine shared with other work), their ratio to the
 * 200× target of issue 7 and the load average. Not run by the tests: timings are no test material.
 *
 * <p>{@code java -cp audio/target/classes:core/target/atelier-core-<version>.jar
 * dev.atelier.audio.bench.SynthBench [seconds] [runs]}
 */
public final class SynthBench {
    /** The speed asked for: 200 times faster than real time on one core. */
    static final double TARGET = 200;

    private SynthBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 60;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int sampleRate = 48_000;
        List<Part> score = score(seconds);
        Synth synth = new Synth(SynthSettings.dry(sampleRate).withVoices(8).withReverb(ReverbSettings.room()));

        synth.render(score); // warm up the JIT
        synth.render(score);
        double[] factors = new double[runs];
        double[] cpuFactors = new double[runs];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Clip clip = null;
        for (int r = 0; r < runs; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            clip = synth.render(score);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
            factors[r] = clip.durationSeconds() / elapsed;
            cpuFactors[r] = clip.durationSeconds() / cpu;
        }
        Arrays.sort(factors);
        Arrays.sort(cpuFactors);
        int notes = score.stream().mapToInt(p -> p.notes().size()).sum();
        // Voices sounding on average: every note's held time plus its release, over the clip.
        double voiceSeconds = 0;
        for (Part p : score) {
            for (Note n : p.notes()) {
                voiceSeconds += n.duration() + p.patch().amplitude().release();
            }
        }
        System.out.printf("SynthBench: %.1f s of 48 kHz stereo, %d notes, %.1f voices sounding on average"
                + " (limit 8 per part), filters + reverb + limiter%n",
                clip.durationSeconds(), notes, voiceSeconds / clip.durationSeconds());
        System.out.printf("  median %.0f× real time by the wall clock (min %.0f×, max %.0f×) over %d runs; peak %.3f%n",
                factors[runs / 2], factors[0], factors[runs - 1], runs, clip.peak());
        // On a shared machine the wall clock counts other processes' time too; the thread's own
        // CPU time does not.
        System.out.printf("  median %.0f× real time by the rendering thread's CPU time (min %.0f×, max %.0f×)%n",
                cpuFactors[runs / 2], cpuFactors[0], cpuFactors[runs - 1]);
        System.out.printf("  target %.0f× (issue 7): CPU-time median at %.2f of it, wall-clock median at %.2f"
                + " (load average %.1f on %d cores)%n", TARGET, cpuFactors[runs / 2] / TARGET, factors[runs / 2] / TARGET,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    /** A pad part (4-note chords) and a lead part (an arpeggio of overlapping notes). */
    static List<Part> score(double seconds) {
        int[][] chords = {{48, 55, 60, 64}, {45, 52, 57, 60}, {41, 48, 53, 57}, {43, 50, 55, 59}};
        List<Note> pad = new ArrayList<>();
        List<Note> lead = new ArrayList<>();
        for (int bar = 0; bar * 2.0 < seconds - 1; bar++) {
            int[] chord = chords[bar % chords.length];
            for (int pitch : chord) {
                pad.add(new Note(bar * 2.0, pitch, 0.6, 1.0)); // + 1 s release: 4 voices
            }
            for (int step = 0; step < 8; step++) {
                int pitch = chord[step % 4] + 12 + (step >= 4 ? 12 : 0);
                lead.add(new Note(bar * 2.0 + step * 0.25, pitch, 0.8, 0.8)); // + 0.2 s: 4 voices
            }
        }
        return List.of(new Part(Patch.pad(), pad), new Part(Patch.lead().withPan(0.3), lead));
    }
}
