package dev.atelier.server.vision;

import dev.atelier.core.error.AtelierException;
import dev.atelier.server.worker.ModelHandler;
import dev.atelier.server.worker.WorkContext;
import dev.atelier.server.worker.WorkRequest;
import dev.atelier.vision.clip.Clip;
import dev.atelier.vision.zeroshot.LabelScore;
import dev.atelier.vision.zeroshot.PromptTemplates;
import dev.atelier.vision.zeroshot.ZeroShotClassifier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Serves {@code zero-shot-classification} with a CLIP model. Request:
 * {@code {"image": base64, "labels": ["red circle", ...], "templates": ["a {}", ...]?}}. Result:
 * {@code {"model", "labels": [{"label", "score", "cosine"}, ...]}}, best first; scores sum to 1.
 */
public final class ZeroShotHandler implements ModelHandler {
    public static final String TASK = "zero-shot-classification";

    private final Clip clip;

    public ZeroShotHandler(Clip clip) {
        this.clip = clip;
    }

    @Override
    public JsonObject handle(WorkRequest request, WorkContext context) {
        JsonObject body = request.body();
        List<String> labels = ImageArgs.strings(body, "labels", ZeroShotClassifier.MAX_LABELS + 1);
        if (body.getValue("labels") == null) {
            throw AtelierException.invalidArgument("labels", "'labels' (an array of label texts) is required");
        }
        ZeroShotClassifier.validate(labels);
        List<String> templates = ImageArgs.strings(body, "templates", PromptTemplates.MAX_TEMPLATES + 1);
        PromptTemplates prompts = templates.isEmpty() ? PromptTemplates.SHAPES : new PromptTemplates(templates);
        var images = ImageArgs.images(body, true);
        if (images.size() != 1) {
            throw AtelierException.invalidArgument("image", "zero-shot classification takes one image");
        }
        context.checkCancelled();
        List<LabelScore> scores = new ZeroShotClassifier(clip, labels, prompts).classify(images.get(0));
        JsonArray out = new JsonArray();
        for (LabelScore s : scores) {
            out.add(new JsonObject().put("label", s.label()).put("score", s.probability()).put("cosine", s.cosine()));
        }
        return new JsonObject().put("model", request.model()).put("labels", out);
    }

    @Override
    public void close() {
        clip.close();
    }
}
