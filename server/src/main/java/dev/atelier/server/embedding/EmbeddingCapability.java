package dev.atelier.server.embedding;

import dev.atelier.core.model.ModelFile;
import dev.atelier.core.model.VerifiedModel;
import dev.atelier.server.ModelBinding;
import dev.atelier.text.embedding.SentenceEncoder;
import java.nio.file.Path;
import java.util.Set;

/** Binds a verified {@code text-embedding} model (an ONNX encoder plus its tokenizer.json) to the gateway. */
public final class EmbeddingCapability {
    private EmbeddingCapability() {
    }

    public static ModelBinding bind(VerifiedModel model) {
        ModelFile onnx = model.fileEndingWith(".onnx");
        ModelFile tokenizer = model.fileEndingWith("tokenizer.json");
        Path onnxPath = model.files().get(onnx.path());
        Path tokenizerPath = model.files().get(tokenizer.path());
        return new ModelBinding(Set.of(EmbeddingHandler.TASK), (name, device) -> new EmbeddingHandler(
                SentenceEncoder.builder()
                        .optModelPath(onnxPath, tokenizerPath)
                        .optSha256(onnx.sha256())
                        .optName(name)
                        .optDevice(device)
                        .build()));
    }
}
