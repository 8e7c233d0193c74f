package dev.atelier.core.device;

import dev.atelier.core.error.AtelierException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compute device a model runs on: the CPU, or one GPU by index. Written {@code cpu},
 * {@code gpu} (meaning {@code gpu:0}) or {@code gpu:N}.
 *
 * <p>{@link #parse} checks only the syntax; {@link Devices#require} also checks that the machine has it.
 */
public record Device(Kind kind, int index) {

    public enum Kind { CPU, GPU }

    public static final Device CPU = new Device(Kind.CPU, 0);

    private static final Pattern GPU = Pattern.compile("gpu(?::(\\d{1,4}))?");

    public Device {
        if (kind == null) {
            throw new IllegalArgumentException("kind");
        }
        if (index < 0 || (kind == Kind.CPU && index != 0)) {
            throw new IllegalArgumentException("bad device index " + index + " for " + kind);
        }
    }

    public static Device gpu(int index) {
        return new Device(Kind.GPU, index);
    }

    /** Parses {@code cpu}, {@code gpu} or {@code gpu:N} (case-insensitive, surrounding blanks ignored). */
    public static Device parse(String text) {
        if (text == null) {
            throw AtelierException.invalidArgument("device", "device is missing: use cpu, gpu or gpu:N");
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return CPU;
        }
        Matcher m = GPU.matcher(s);
        if (m.matches()) {
            return gpu(m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
        }
        throw AtelierException.invalidArgument("device",
                "unknown device " + AtelierException.quote(text) + ": use cpu, gpu or gpu:N");
    }

    public boolean isGpu() {
        return kind == Kind.GPU;
    }

    /** The same device in DJL's terms, for models built with DJL. */
    public ai.djl.Device toDjl() {
        return isGpu() ? ai.djl.Device.gpu(index) : ai.djl.Device.cpu();
    }

    @Override
    public String toString() {
        return isGpu() ? "gpu:" + index : "cpu";
    }
}
