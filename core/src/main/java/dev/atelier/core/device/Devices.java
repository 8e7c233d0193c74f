package dev.atelier.core.device;

import ai.djl.util.cuda.CudaUtils;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/** What this machine has: the CPU always, plus every GPU that CUDA reports (through DJL). */
public final class Devices {
    private Devices() {
    }

    private static volatile Integer gpuCount;

    /** Number of CUDA GPUs visible to this process (asked once); 0 where there is no driver. */
    public static int gpuCount() {
        Integer n = gpuCount;
        if (n == null) {
            try {
                n = CudaUtils.getGpuCount();
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                n = 0; // no CUDA runtime on this machine: not an error, just no GPUs
            }
            gpuCount = n;
        }
        return n;
    }

    /** Every device this machine offers, CPU first. */
    public static List<Device> available() {
        List<Device> all = new ArrayList<>();
        all.add(Device.CPU);
        for (int i = 0, n = gpuCount(); i < n; i++) {
            all.add(Device.gpu(i));
        }
        return List.copyOf(all);
    }

    /** Parses a device and checks that this machine has it. */
    public static Device require(String text) {
        return require(Device.parse(text));
    }

    /** Checks that this machine has the device; a clear NOT_FOUND error otherwise. */
    public static Device require(Device device) {
        return require(device, gpuCount());
    }

    static Device require(Device device, int gpus) {
        if (device.isGpu() && device.index() >= gpus) {
            String have = gpus == 0 ? "this machine has no GPU" : "this machine has GPUs gpu:0..gpu:" + (gpus - 1);
            throw new AtelierException(ErrorCode.NOT_FOUND,
                    "device " + device + " does not exist: " + have, "device");
        }
        return device;
    }
}
