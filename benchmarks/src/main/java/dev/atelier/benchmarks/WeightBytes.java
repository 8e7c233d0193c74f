package dev.atelier.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Gigabytes of weights read: an OPERATIONS counter, so JMH reports it per second (= GB/s). */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class WeightBytes {
    public double weightGBps;

    @Setup(Level.Iteration)
    public void reset() {
        weightGBps = 0;
    }
}
