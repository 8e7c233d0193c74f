package dev.atelier.server.vision;

import dev.atelier.core.model.VerifiedModel;
import dev.atelier.server.ModelBinding;
import dev.atelier.server.worker.ModelHandler;
import dev.atelier.server.worker.WorkContext;
import dev.atelier.server.worker.WorkRequest;
import dev.atelier.vision.caption.Captioner;
import dev.atelier.vision.clip.Clip;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Binds verified vision models to the gateway: an {@value #CLIP_TASK} model (CLIP) serves
 * zero-shot classification and image embeddings, an {@value CaptioningHandler#TASK} model serves
 * captions. These models run on the CPU whatever device the worker is bound to.
 */
public final class VisionCapability {
    /** The manifest task of CLIP models. */
    public static final String CLIP_TASK = "image-text-embedding";

    private VisionCapability() {
    }

    public static ModelBinding bindClip(VerifiedModel model) {
        return new ModelBinding(Set.of(ZeroShotHandler.TASK, ImageEmbeddingHandler.TASK), (name, device) -> {
            Clip clip = Clip.load(model.folder());
            ZeroShotHandler zeroShot = new ZeroShotHandler(clip);
            ImageEmbeddingHandler embeddings = new ImageEmbeddingHandler(clip);
            return new ModelHandler() {
                @Override
                public JsonObject handle(WorkRequest request, WorkContext context) {
                    return ZeroShotHandler.TASK.equals(request.task()) ? zeroShot.handle(request, context)
                            : embeddings.handle(request, context);
                }

                @Override
                public void close() {
                    clip.close();
                }
            };
        });
    }

    public static ModelBinding bindCaptioner(VerifiedModel model) {
        return new ModelBinding(Set.of(CaptioningHandler.TASK),
                (name, device) -> new CaptioningHandler(Captioner.load(model.folder())));
    }
}
