package dev.atelier.core.progress;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows {@link ProgressEvent}s to a person: a progress bar per task (drawn by the progressbar
 * library) when a terminal is attached or bars are forced, otherwise an INFO log line per task at
 * most every 10 seconds, plus the first and the last. Metrics appear after the bar, e.g.
 * {@code loss=1.234}. Events of different tasks may interleave; events of one task name share one
 * bar. Close it to finish bars whose job never sent its done event.
 *
 * <p>{@link #create()} follows system property {@code atelier.progress}: {@code bars}, {@code log},
 * or {@code auto} (the default: bars only on a terminal).
 */
public final class ConsoleProgress implements ProgressListener, AutoCloseable {
    public static final String MODE_PROPERTY = "atelier.progress";
    public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleProgress.class);
    private static final int FORCED_WIDTH = 120;

    private final PrintStream out; // null: bars on the library's own terminal consumer (stderr)
    private final boolean bars;
    private final long logIntervalNanos;
    private final Map<String, ProgressBar> open = new HashMap<>();
    private final Map<String, Long> lastLogged = new HashMap<>();

    private ConsoleProgress(PrintStream out, boolean bars, Duration logInterval) {
        this.out = out;
        this.bars = bars;
        this.logIntervalNanos = logInterval.toNanos();
    }

    /** Bars on stderr when a terminal is attached (or {@code atelier.progress=bars}); log lines otherwise. */
    public static ConsoleProgress create() {
        String mode = System.getProperty(MODE_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        boolean bars = switch (mode) {
            case "bars" -> true;
            case "log" -> false;
            default -> terminalAttached();
        };
        return bars ? new ConsoleProgress(null, true, DEFAULT_LOG_INTERVAL) : logging(DEFAULT_LOG_INTERVAL);
    }

    /** Always draws bars, on {@code out}, {@value #FORCED_WIDTH} columns wide, in ASCII. */
    public static ConsoleProgress bars(PrintStream out) {
        return new ConsoleProgress(Objects.requireNonNull(out, "out"), true, DEFAULT_LOG_INTERVAL);
    }

    /** Never draws bars: logs a line per task at most every {@code interval}, plus the first and last. */
    public static ConsoleProgress logging(Duration interval) {
        return new ConsoleProgress(null, false, interval);
    }

    public boolean drawsBars() {
        return bars;
    }

    @Override
    public synchronized void onProgress(ProgressEvent event) {
        if (bars) {
            draw(event);
        } else {
            log(event);
        }
    }

    /** Finishes any bar still open. */
    @Override
    public synchronized void close() {
        open.values().forEach(ProgressBar::close);
        open.clear();
        lastLogged.clear();
    }

    private void draw(ProgressEvent event) {
        ProgressBar bar = open.computeIfAbsent(event.task(), task -> newBar(event));
        if (bar.getMax() != event.total()) {
            bar.maxHint(event.total()); // a total can become known while the job runs
        }
        bar.stepTo(event.current());
        String extra = extra(event);
        bar.setExtraMessage(extra.isEmpty() ? "" : " " + extra); // the library glues it to the speed
        if (event.done()) {
            bar.close(); // renders the final state before returning
            open.remove(event.task());
        }
    }

    private ProgressBar newBar(ProgressEvent event) {
        boolean bytes = event.unit().equals("bytes");
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(event.task())
                .setInitialMax(event.total())
                .setUnit(bytes ? " MiB" : " " + event.unit(), bytes ? 1 << 20 : 1)
                .setUpdateIntervalMillis(200)
                .showSpeed()
                .startsFrom(event.current(), event.elapsed()); // the job may have started before we saw it
        if (out != null) {
            // A fixed width and plain ASCII: the stream may be a file or a test buffer, not a terminal.
            builder.setConsumer(new ConsoleProgressBarConsumer(out, FORCED_WIDTH))
                    .setStyle(ProgressBarStyle.ASCII);
        }
        return builder.build();
    }

    private void log(ProgressEvent event) {
        long now = System.nanoTime();
        Long last = lastLogged.get(event.task());
        if (event.done()) {
            lastLogged.remove(event.task());
        } else if (last != null && now - last < logIntervalNanos) {
            return;
        } else {
            lastLogged.put(event.task(), now);
        }
        LOG.info("{}", line(event));
    }

    /** One line for logs, e.g. {@code train: 120/1000 steps (12%), epoch 1, loss=1.234, 6.1s, done}. */
    static String line(ProgressEvent event) {
        StringBuilder sb = new StringBuilder(event.task()).append(": ").append(event.current());
        if (event.totalKnown()) {
            sb.append('/').append(event.total());
        }
        if (!event.unit().isEmpty()) {
            sb.append(' ').append(event.unit());
        }
        if (event.totalKnown()) {
            sb.append(String.format(Locale.ROOT, " (%.0f%%)", event.fraction() * 100));
        }
        String extra = extra(event);
        if (!extra.isEmpty()) {
            sb.append(", ").append(extra);
        }
        sb.append(String.format(Locale.ROOT, ", %.1fs", event.elapsedMillis() / 1000.0));
        if (event.done()) {
            sb.append(", done");
        }
        return sb.toString();
    }

    /** The message and metrics, e.g. {@code epoch 2/5, loss=1.234, tokens/s=5120}. */
    static String extra(ProgressEvent event) {
        StringBuilder sb = new StringBuilder();
        if (event.message() != null && !event.message().isBlank()) {
            sb.append(event.message());
        }
        event.metrics().forEach((name, value) -> {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(name).append('=').append(format(value));
        });
        return sb.toString();
    }

    // Four significant digits: enough to watch a loss fall, short enough for a bar's tail.
    static String format(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        if (value != 0 && Math.abs(value) < 1e-4) {
            return String.format(Locale.ROOT, "%.3e", value);
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /**
     * True when a person is likely watching: a console exists and, on JDK 22+ (where
     * {@code System.console()} is non-null even when redirected), {@code Console.isTerminal()} says so.
     */
    static boolean terminalAttached() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 21: a console exists only on a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
