package dev.atelier.audio.dsp;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Runs library code whose diagnostics go straight to {@code System.out}/{@code System.err}
 * (TarsosDSP's WSOLA prints its buffer sizes, its pitch shifter "Clipping!") without letting them
 * reach the user: while the calling thread is inside {@link #call}, its prints are dropped; other
 * threads print as before.
 */
final class Quiet {
    private static final ThreadLocal<Boolean> QUIET = ThreadLocal.withInitial(() -> false);

    private Quiet() {
    }

    static <T> T call(Supplier<T> work) {
        install();
        boolean outer = QUIET.get();
        QUIET.set(true);
        try {
            return work.get();
        } finally {
            QUIET.set(outer);
        }
    }

    private static synchronized void install() {
        if (!(System.out instanceof Filter)) {
            System.setOut(new Filter(System.out));
        }
        if (!(System.err instanceof Filter)) {
            System.setErr(new Filter(System.err));
        }
    }

    /** Passes everything through except what a quiet thread writes. */
    private static final class Filter extends PrintStream {
        Filter(PrintStream target) {
            super(new OutputStream() {
                @Override
                public void write(int b) {
                    if (!QUIET.get()) {
                        target.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    if (!QUIET.get()) {
                        target.write(b, off, len);
                    }
                }

                @Override
                public void flush() {
                    target.flush();
                }
            }, true);
        }
    }
}
