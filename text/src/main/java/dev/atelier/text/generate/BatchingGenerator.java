package dev.atelier.text.generate;

import dev.atelier.core.error.AtelierException;
import dev.atelier.text.llm.KvCache;
import dev.atelier.text.llm.LanguageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Continuous batching: one scheduler thread runs every concurrent generation of a model in one
 * batched decode step ({@link LanguageModel#decode}), so the weights are read once per token for
 * all streams instead of once per stream. A request joins the running batch at the next token
 * boundary (its prompt is prefilled then) and leaves it when it finishes or is cancelled; each
 * keeps its own sampler, stop strings, listener and cancel signal, so it gives the text it would
 * give alone on a {@link TextGenerator} (up to float rounding of the batched matmuls). The
 * listener is called on the scheduler thread: it must not block, or it holds up every stream.
 *
 * <p>{@link #generate} blocks its caller until the request is done, like {@link TextGenerator#generate};
 * many callers at once are what fills the batch. Close it to stop the scheduler thread.
 */
public final class BatchingGenerator implements AutoCloseable {

    private record Job(GenerationStream stream, CompletableFuture<GenerationResult> done) {
    }

    private final TextGenerator generator;
    private final LanguageModel model;
    private final int maxBatch;
    private final LinkedBlockingQueue<Job> joining = new LinkedBlockingQueue<>();
    private final Thread scheduler;
    private volatile boolean closed;

    /** A batching generator over {@code model} running at most {@code maxBatch} streams in one step. */
    public BatchingGenerator(LanguageModel model, int maxBatch) {
        this.model = Objects.requireNonNull(model, "model");
        if (maxBatch < 1 || maxBatch > 256) {
            throw AtelierException.invalidArgument("maxBatch", "a batch holds 1 to 256 streams, not " + maxBatch);
        }
        this.generator = new TextGenerator(model);
        this.maxBatch = maxBatch;
        this.scheduler = Thread.ofPlatform().daemon().name("batching-" + model.name()).unstarted(this::run);
        scheduler.start();
    }

    public LanguageModel model() {
        return model;
    }

    /** The single-stream generator over the same model (prompt tokens, chat template). */
    public TextGenerator textGenerator() {
        return generator;
    }

    /**
     * Runs the request in the shared batch and returns when it is done. Errors of the request
     * (prompt too long, no chat template) are thrown here before it joins; cancellation is not an
     * error (the result says {@link FinishReason#CANCELLED}).
     */
    public GenerationResult generate(GenerationRequest request, GenerationListener listener) {
        GenerationStream stream = generator.open(request, listener);
        if (closed) {
            throw AtelierException.unavailable("the generator of model " + AtelierException.quote(model.name()) + " is closed");
        }
        Job job = new Job(stream, new CompletableFuture<>());
        joining.add(job);
        if (closed && joining.remove(job)) {
            throw AtelierException.unavailable("the generator of model " + AtelierException.quote(model.name()) + " is closed");
        }
        try {
            return job.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AtelierException.cancelled("interrupted while generating");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw AtelierException.internal("generation failed", e.getCause());
        }
    }

    private void run() {
        List<Job> active = new ArrayList<>();
        while (!closed) {
            try {
                if (active.isEmpty()) {
                    join(joining.take(), active);
                }
                for (Job j; active.size() < maxBatch && (j = joining.poll()) != null; ) {
                    join(j, active);
                }
                if (!active.isEmpty()) {
                    step(active);
                }
            } catch (InterruptedException e) {
                break;
            }
        }
        AtelierException gone = AtelierException.unavailable("the generator of model " + AtelierException.quote(model.name())
                + " was closed");
        active.forEach(j -> j.done().completeExceptionally(gone));
        joining.forEach(j -> j.done().completeExceptionally(gone));
    }

    // Prefills the newcomer's prompt; it samples its first token from the prompt's logits.
    private void join(Job job, List<Job> active) {
        GenerationStream s = job.stream();
        try {
            if (s.cancelIfAsked()) {
                job.done().complete(s.result());
                return;
            }
            if (s.accept(model.forward(s.prompt(), s.cache(), false))) {
                job.done().complete(s.result());
            } else {
                active.add(job);
            }
        } catch (RuntimeException | Error e) {
            job.done().completeExceptionally(e);
        }
    }

    // One token for every active stream, in one batched forward; finished streams leave.
    private void step(List<Job> active) {
        int[] tokens = new int[active.size()];
        List<KvCache> caches = new ArrayList<>(active.size());
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = active.get(i).stream().lastToken();
            caches.add(active.get(i).stream().cache());
        }
        float[][] logits;
        try {
            logits = model.decode(tokens, caches);
        } catch (RuntimeException | Error e) {
            active.forEach(j -> j.done().completeExceptionally(e));
            active.clear();
            return;
        }
        List<Job> still = new ArrayList<>(active.size());
        for (int i = 0; i < tokens.length; i++) {
            Job job = active.get(i);
            try {
                if (job.stream().accept(logits[i])) {
                    job.done().complete(job.stream().result());
                } else {
                    still.add(job);
                }
            } catch (RuntimeException | Error e) {
                job.done().completeExceptionally(e);
            }
        }
        active.clear();
        active.addAll(still);
    }

    /** Stops the scheduler; requests still running fail with UNAVAILABLE. The model stays open. */
    @Override
    public void close() {
        closed = true;
        scheduler.interrupt();
        try {
            scheduler.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
