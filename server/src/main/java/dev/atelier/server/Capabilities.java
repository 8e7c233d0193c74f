package dev.atelier.server;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.model.ModelManifest;
import dev.atelier.core.model.ModelStore;
import dev.atelier.core.model.VerifiedModel;
import dev.atelier.server.audio.AudioCapabilities;
import dev.atelier.server.audio.SpeechHandler;
import dev.atelier.server.audio.SynthesisHandler;
import dev.atelier.server.embedding.EmbeddingCapability;
import dev.atelier.server.embedding.EmbeddingHandler;
import dev.atelier.server.image.ClassImageHandler;
import dev.atelier.server.image.ImageCapability;
import dev.atelier.server.image.ImageHandler;
import dev.atelier.server.text.TextGenerationCapability;
import dev.atelier.server.text.TextGenerationHandler;
import dev.atelier.server.vision.CaptioningHandler;
import dev.atelier.server.vision.VisionCapability;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Which model-store task each capability serves, and how it turns a verified model into a
 * {@link ModelBinding}. A capability that lands (text generation, image generation, embeddings,
 * audio…) adds one entry here, keyed by the {@code task} its manifests declare.
 */
public final class Capabilities {
    private static final Map<String, Function<VerifiedModel, ModelBinding>> BY_TASK = Map.of(
            EmbeddingHandler.TASK, EmbeddingCapability::bind,
            TextGenerationHandler.TASK, TextGenerationCapability::bind,
            SynthesisHandler.TASK, AudioCapabilities::bindSynthesis,
            SpeechHandler.TASK, AudioCapabilities::bindSpeech,
            VisionCapability.CLIP_TASK, VisionCapability::bindClip,
            CaptioningHandler.TASK, VisionCapability::bindCaptioner,
            ImageHandler.TASK, ImageCapability::bind,
            ClassImageHandler.TASK, ImageCapability::bindClasses);

    private Capabilities() {
    }

    /** True when the gateway can serve models of this manifest's task. */
    public static boolean serves(ModelManifest manifest) {
        return BY_TASK.containsKey(manifest.task());
    }

    /** Verifies the model's files and binds it to its capability. */
    public static ModelBinding bind(ModelStore store, String name) {
        ModelManifest manifest = store.require(name);
        Function<VerifiedModel, ModelBinding> binder = BY_TASK.get(manifest.task());
        if (binder == null) {
            throw AtelierException.invalidArgument("model", "model '" + name + "' has task '" + manifest.task()
                    + "', which this gateway cannot serve; servable tasks: "
                    + (BY_TASK.isEmpty() ? "none yet" : String.join(", ", new TreeSet<>(BY_TASK.keySet()))));
        }
        return binder.apply(store.open(name));
    }
}
