package dev.atelier.server.vision;

import dev.atelier.core.error.AtelierException;
import dev.atelier.server.worker.ModelHandler;
import dev.atelier.server.worker.WorkContext;
import dev.atelier.server.worker.WorkRequest;
import dev.atelier.vision.clip.Clip;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Serves {@code image-embedding} with a CLIP model: images and texts in one space. Request:
 * {@code {"image": base64} | {"images": [base64, ...]}} and/or {@code {"texts": ["...", ...]}}.
 * Result: {@code {"model", "dimension", "image_embeddings": [[...]], "text_embeddings": [[...]]}},
 * unit-length vectors (dot product = cosine).
 */
public final class ImageEmbeddingHandler implements ModelHandler {
    public static final String TASK = "image-embedding";
    static final int MAX_TEXTS = 256;

    private final Clip clip;

    public ImageEmbeddingHandler(Clip clip) {
        this.clip = clip;
    }

    @Override
    public JsonObject handle(WorkRequest request, WorkContext context) {
        var images = ImageArgs.images(request.body(), false);
        List<String> texts = ImageArgs.strings(request.body(), "texts", MAX_TEXTS);
        if (images.isEmpty() && texts.isEmpty()) {
            throw AtelierException.invalidArgument("image", "give 'image', 'images' or 'texts'");
        }
        context.checkCancelled();
        return new JsonObject().put("model", request.model()).put("dimension", clip.dimension())
                .put("image_embeddings", rows(images.isEmpty() ? new float[0][] : clip.embedImages(images)))
                .put("text_embeddings", rows(texts.isEmpty() ? new float[0][] : clip.embedTexts(texts)));
    }

    static JsonArray rows(float[][] vectors) {
        JsonArray out = new JsonArray();
        for (float[] v : vectors) {
            JsonArray row = new JsonArray();
            for (float x : v) {
                row.add(x);
            }
            out.add(row);
        }
        return out;
    }

    @Override
    public void close() {
        clip.close();
    }
}
