package dev.atelier.server.text;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.VerifiedModel;
import dev.atelier.server.ModelBinding;
import dev.atelier.text.generate.BatchingGenerator;
import dev.atelier.text.llm.LanguageModel;
import java.nio.file.Path;
import java.util.Set;

/**
 * Binds a verified {@code text-generation} model (one GGUF file: weights, hyper-parameters and
 * tokenizer) to the gateway, on the pure-Java CPU engine. Each worker loads the weights once and serves its concurrent
 * requests from them, each with its own KV cache, batched together token by token ({@link BatchingGenerator}).
 */
public final class TextGenerationCapability {
    /** The most streams one worker decodes in one step (a worker's concurrency bounds it further). */
    static final int MAX_BATCH = 32;

    private TextGenerationCapability() {
    }

    public static ModelBinding bind(VerifiedModel model) {
        Path path = model.file(model.fileEndingWith(".gguf").path());
        return new ModelBinding(Set.of(TextGenerationHandler.TASK), (name, device) -> {
            if (device.isGpu()) {
                // The engine is pure Java: a worker configured for a GPU would silently run on the CPU.
                throw AtelierException.invalidArgument("device", "text-generation model " + AtelierException.quote(name)
                        + " runs on the CPU engine; bind its workers to 'cpu', not '" + device + "'");
            }
            LanguageModel weights = LanguageModel.load(path);
            BatchingGenerator batching = new BatchingGenerator(weights, MAX_BATCH);
            return new TextGenerationHandler(new EngineTextGenerator(batching), () -> {
                batching.close();
                weights.close();
            });
        });
    }
}
