package dev.atelier.server.text;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.ModelFile;
import dev.atelier.core.model.VerifiedModel;
import dev.atelier.server.ModelBinding;
import dev.atelier.text.generate.TextGenerator;
import dev.atelier.text.llm.LanguageModel;
import java.nio.file.Path;
import java.util.Set;

/**
 * Binds a verified {@code text-generation} model (one GGUF file: weights, hyper-parameters and
 * tokenizer) to the gateway, on the pure-Java CPU engine. Each worker loads the weights once and serves its concurrent
 * requests from them, each with its own KV cache.
 */
public final class TextGenerationCapability {
    private TextGenerationCapability() {
    }

    public static ModelBinding bind(VerifiedModel model) {
        ModelFile gguf = model.manifest().files().stream().filter(f -> f.path().endsWith(".gguf")).findFirst()
                .orElseThrow(() -> AtelierException.unavailable("model " + AtelierException.quote(model.name())
                        + " lists no .gguf file"));
        Path path = model.files().get(gguf.path());
        return new ModelBinding(Set.of(TextGenerationHandler.TASK), (name, device) -> {
            if (device.isGpu()) {
                // The engine is pure Java: a worker configured for a GPU would silently run on the CPU.
                throw AtelierException.invalidArgument("device", "text-generation model " + AtelierException.quote(name)
                        + " runs on the CPU engine; bind its workers to 'cpu', not '" + device + "'");
            }
            LanguageModel weights = LanguageModel.load(path);
            return new TextGenerationHandler(new EngineTextGenerator(new TextGenerator(weights)), weights);
        });
    }
}
