package dev.atelier.server.vision;

import dev.atelier.core.error.AtelierException;
import dev.atelier.server.worker.ModelHandler;
import dev.atelier.server.worker.WorkContext;
import dev.atelier.server.worker.WorkRequest;
import dev.atelier.vision.caption.CaptionDecoding;
import dev.atelier.vision.caption.Captioner;
import dev.atelier.vision.caption.RetrievalCaptioner;
import io.vertx.core.json.JsonObject;

/**
 * Serves {@code image-captioning}. Request: {@code {"image": base64, "beam": 1..16?, "guidance": 0..100?,
 * "grammar": boolean?, "method": "generate" | "retrieval"?}} ({@code guidance} and {@code grammar}: the
 * generative captioner's image-guided and grammar-constrained decoding, see {@link CaptionDecoding}).
 * Result: {@code {"model", "caption", "method"}}.
 */
public final class CaptioningHandler implements ModelHandler {
    public static final String TASK = "image-captioning";

    private final Captioner captioner;
    private RetrievalCaptioner retrieval;

    public CaptioningHandler(Captioner captioner) {
        this.captioner = captioner;
    }

    @Override
    public JsonObject handle(WorkRequest request, WorkContext context) {
        JsonObject body = request.body();
        Object beamValue = body.getValue("beam", 1);
        if (!(beamValue instanceof Integer beam) || beam < 1 || beam > Captioner.MAX_BEAM) {
            throw AtelierException.invalidArgument("beam", "'beam' must be an integer in [1, " + Captioner.MAX_BEAM + "]");
        }
        Object guidanceValue = body.getValue("guidance", 0);
        if (!(guidanceValue instanceof Number guidance)) {
            throw AtelierException.invalidArgument("guidance", "'guidance' must be a number in [0, " + CaptionDecoding.MAX_GUIDANCE + "]");
        }
        Object grammarValue = body.getValue("grammar", false);
        if (!(grammarValue instanceof Boolean grammar)) {
            throw AtelierException.invalidArgument("grammar", "'grammar' must be true or false");
        }
        CaptionDecoding decoding = new CaptionDecoding(beam, guidance.doubleValue(), grammar); // checks the ranges
        Object methodValue = body.getValue("method", "generate");
        if (!"generate".equals(methodValue) && !"retrieval".equals(methodValue)) {
            throw AtelierException.invalidArgument("method", "'method' must be \"generate\" or \"retrieval\"");
        }
        var images = ImageArgs.images(body, true);
        if (images.size() != 1) {
            throw AtelierException.invalidArgument("image", "captioning takes one image");
        }
        context.checkCancelled();
        String caption;
        if ("retrieval".equals(methodValue)) {
            caption = retrievalCaptioner().caption(images.get(0));
        } else {
            caption = captioner.caption(images.get(0), decoding);
        }
        return new JsonObject().put("model", request.model()).put("caption", caption).put("method", methodValue);
    }

    private synchronized RetrievalCaptioner retrievalCaptioner() {
        if (retrieval == null) {
            retrieval = RetrievalCaptioner.forShapesAndDigits(captioner.clip());
        }
        return retrieval;
    }

    @Override
    public void close() {
        captioner.close();
    }
}
