package dev.atelier.text.cli;

import dev.atelier.core.progress.ConsoleProgress;
import dev.atelier.text.bench.MemoryBandwidth;
import dev.atelier.text.bench.RandomModels;
import dev.atelier.text.convert.FileType;
import dev.atelier.text.llm.KvCache;
import dev.atelier.text.llm.LanguageModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code atelier text bench}: prefill and decode speed of a model, and decode as a fraction of
 * the memory-bandwidth roofline measured in the same run (weights read per token × tokens/s ÷
 * read bandwidth). With {@code --random} it first writes a random-weight model of a real shape,
 * so nothing needs downloading.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure prefill and decode tokens/s of a GGUF model and the fraction of the bandwidth roofline.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "GGUF model file (written first when --random is given and it is absent)")
    Path model;

    @Option(names = "--random", description = "shape of a random model to write: llama-3.2-1b, qwen2.5-0.5b, gpt2")
    String random;

    @Option(names = "--type", defaultValue = "q8_0", converter = FileTypeConverter.class,
            description = "tensor type of the random model: f32, f16, bf16, q8_0, q4_0 (default ${DEFAULT-VALUE})")
    FileType type;

    @Option(names = "--prompt-tokens", defaultValue = "64", description = "prefill length (default ${DEFAULT-VALUE})")
    int promptTokens;

    @Option(names = "--decode-tokens", defaultValue = "32", description = "tokens decoded (default ${DEFAULT-VALUE})")
    int decodeTokens;

    @Option(names = "--threads", description = "kernel threads (default: all cores)")
    Integer threads;

    @Option(names = "--streams", defaultValue = "1",
            description = "also decode this many streams at once, unbatched (a thread each) and batched (one step for all); default ${DEFAULT-VALUE}")
    int streams;

    @Option(names = "--bandwidth-mb", defaultValue = "1024", description = "size of the bandwidth probe (default ${DEFAULT-VALUE})")
    int bandwidthMb;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (random != null && !Files.exists(model)) {
            RandomModels.Shape shape = RandomModels.shape(random);
            out.printf("writing a random %s model in %s to %s%n", shape.name(), type.cliName(), model);
            out.flush();
            try (ConsoleProgress progress = ConsoleProgress.create()) {
                RandomModels.builder().setShape(shape).setType(type).optSeed(1).optProgress(progress).build().write(model);
            }
        }
        long t0 = System.nanoTime();
        LanguageModel loaded;
        try (ConsoleProgress progress = ConsoleProgress.create()) {
            loaded = LanguageModel.load(model, n, progress);
        }
        try (LanguageModel m = loaded) {
            out.printf("model: %s, loaded in %.1f s, %d threads%n", m, (System.nanoTime() - t0) / 1e9, n);
            long bytesPerToken = m.weights().bytesPerToken();
            SplittableRandom rnd = new SplittableRandom(3);
            int vocab = m.config().vocabularySize();
            int[] prompt = new int[promptTokens];
            for (int i = 0; i < prompt.length; i++) {
                prompt[i] = rnd.nextInt(vocab);
            }
            // The probe runs before and after the timed work and the higher figure is kept: on a
            // shared machine the bandwidth available changes, and the higher one gives the stricter roofline.
            double bandwidthBefore = bandwidth(n);
            // Warm-up: compiles the kernels for batched and single-token shapes.
            KvCache warm = m.newCache();
            m.forward(prompt, warm, false);
            for (int i = 0; i < 4; i++) {
                m.forward(new int[] {rnd.nextInt(vocab)}, warm, false);
            }
            double prefill = Double.MAX_VALUE;
            double prefillCores = 0;
            KvCache cache = null;
            for (int rep = 0; rep < 2; rep++) {
                cache = m.newCache();
                long s = System.nanoTime();
                long cpu = cpuNanos();
                m.forward(prompt, cache, false);
                double seconds = (System.nanoTime() - s) / 1e9;
                if (seconds < prefill) {
                    prefill = seconds;
                    prefillCores = (cpuNanos() - cpu) / 1e9 / seconds;
                }
            }
            long s = System.nanoTime();
            long cpu = cpuNanos();
            int token = prompt[prompt.length - 1];
            for (int i = 0; i < decodeTokens; i++) {
                float[] logits = m.forward(new int[] {token}, cache, false);
                token = argmax(logits);
            }
            double decode = (System.nanoTime() - s) / 1e9;
            double decodeCores = (cpuNanos() - cpu) / 1e9 / decode;
            double bandwidthAfter = bandwidth(n);
            double bandwidth = Math.max(bandwidthBefore, bandwidthAfter);
            double decodeRate = decodeTokens / decode;
            double roofline = bandwidth / bytesPerToken;
            out.printf("prefill: %d tokens in %.2f s = %.1f tokens/s (CPU time used: %.2f cores)%n", promptTokens, prefill,
                    promptTokens / prefill, prefillCores);
            out.printf("decode:  %d tokens in %.2f s = %.2f tokens/s (%.1f ms/token; CPU time used: %.2f cores)%n", decodeTokens,
                    decode, decodeRate, 1000 * decode / decodeTokens, decodeCores);
            out.printf("weights read per token: %.3f GB; read bandwidth measured: %.1f GB/s (%.1f before, %.1f after);"
                    + " roofline %.1f tokens/s; decode at %.0f%% of the roofline%n", bytesPerToken / 1e9, bandwidth / 1e9,
                    bandwidthBefore / 1e9, bandwidthAfter / 1e9, roofline, 100 * decodeRate / roofline);
            out.flush();
            if (streams > 1) {
                concurrentDecode(m, prompt, out);
            }
        }
        return 0;
    }

    /**
     * Aggregate decode rate of {@code streams} streams after the same prompt: each on its own
     * thread with single-token forwards (the weights read once per stream per token), and all in
     * one batched step per token (read once per token). The two alternate three times and the best
     * of each is kept, with the CPU time the process obtained (the machine may be shared); prefill
     * is outside the timing.
     */
    private void concurrentDecode(LanguageModel m, int[] prompt, PrintWriter out) {
        if (streams > 256) {
            throw dev.atelier.core.error.AtelierException.invalidArgument("streams", "at most 256 streams");
        }
        double[] unbatched = {Double.MAX_VALUE, 0};
        double[] batched = {Double.MAX_VALUE, 0};
        int first = prompt[prompt.length - 1];
        for (int rep = 0; rep < 3; rep++) {
            List<KvCache> alone = prefilled(m, prompt);
            keepBest(unbatched, timed(() -> decodeUnbatched(m, alone, first)));
            List<KvCache> together = prefilled(m, prompt);
            keepBest(batched, timed(() -> decodeBatched(m, together, first)));
        }
        double total = (double) streams * decodeTokens;
        out.printf("%d streams × %d tokens, unbatched (a thread each): %.2f s = %.2f tokens/s aggregate (CPU time used: %.2f cores)%n",
                streams, decodeTokens, unbatched[0], total / unbatched[0], unbatched[1]);
        out.printf("%d streams × %d tokens, batched (one step for all):  %.2f s = %.2f tokens/s aggregate (CPU time used: %.2f cores);"
                + " %.2f× unbatched%n", streams, decodeTokens, batched[0], total / batched[0], batched[1], unbatched[0] / batched[0]);
        out.flush();
    }

    private static void keepBest(double[] best, double[] run) {
        if (run[0] < best[0]) {
            best[0] = run[0];
            best[1] = run[1];
        }
    }

    /** Runs {@code work}; returns its seconds and the cores the process used meanwhile. */
    private static double[] timed(Runnable work) {
        long cpu = cpuNanos();
        long start = System.nanoTime();
        work.run();
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        return new double[] {seconds, (cpuNanos() - cpu) / 1e9 / seconds};
    }

    private void decodeUnbatched(LanguageModel m, List<KvCache> caches, int first) {
        List<Thread> threads = new ArrayList<>();
        for (KvCache cache : caches) {
            threads.add(Thread.ofPlatform().start(() -> {
                int token = first;
                for (int i = 0; i < decodeTokens; i++) {
                    token = argmax(m.forward(new int[] {token}, cache, false));
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw dev.atelier.core.error.AtelierException.cancelled("interrupted");
            }
        }
    }

    private void decodeBatched(LanguageModel m, List<KvCache> caches, int first) {
        int[] tokens = new int[streams];
        java.util.Arrays.fill(tokens, first);
        for (int i = 0; i < decodeTokens; i++) {
            float[][] logits = m.decode(tokens, caches);
            for (int k = 0; k < streams; k++) {
                tokens[k] = argmax(logits[k]);
            }
        }
    }

    private List<KvCache> prefilled(LanguageModel m, int[] prompt) {
        List<KvCache> caches = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            KvCache c = m.newCache();
            m.forward(prompt, c, false);
            caches.add(c);
        }
        return caches;
    }

    // Read bandwidth in bytes per second, with the kernels' thread count.
    private double bandwidth(int threads) {
        return MemoryBandwidth.measure((long) bandwidthMb << 20, threads, 3).bestGbPerSecond() * 1e9;
    }

    // CPU time of the whole process: divided by wall time it tells how many cores the run really got
    // (less than --threads when other processes share the machine).
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
