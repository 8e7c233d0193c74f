package dev.atelier.server.image;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.sample.ClassToImage;
import dev.atelier.ganvae.sample.Prompts;
import dev.atelier.server.http.JsonArgs;
import dev.atelier.server.worker.ModelHandler;
import dev.atelier.server.worker.WorkContext;
import dev.atelier.server.worker.WorkRequest;
import io.vertx.core.json.JsonObject;

/**
 * Serves a class-conditional generator (the MNIST digit GAN and CVAE). Request: {@code {"class":
 * 0..9}} or {@code {"prompt": "a handwritten digit seven"}} (the class the prompt names; both may be
 * given if they agree), and, as for text to image, {@code "n"}, {@code "seed"}, {@code "truncation"},
 * {@code "size"}. Result: that of {@link ImageHandler} plus {@code "class"} and {@code "caption"}
 * (the class in the MNIST caption grammar, showing how a prompt was read).
 */
public final class ClassImageHandler implements ModelHandler {
    public static final String TASK = "class-to-image";

    private final ClassToImage generator;

    public ClassImageHandler(ClassToImage generator) {
        this.generator = generator;
    }

    @Override
    public JsonObject handle(WorkRequest request, WorkContext context) {
        JsonObject body = request.body();
        int classId = classId(body);
        int n = ImageHandler.count(body);
        long seed = ImageHandler.seed(body);
        double truncation = ImageHandler.truncation(body);
        int native_ = generator.model().description().image().size();
        int side = ImageHandler.size(body, native_);
        return ImageHandler.answer(request, context, generator.sampler(), generator.row(classId), n, seed,
                truncation, native_, side)
                .put("class", classId)
                .put("caption", generator.caption(classId));
    }

    /** The class asked for: {@code class}, or the one {@code prompt} names; both must agree when both are given. */
    private int classId(JsonObject body) {
        int last = generator.classes().size() - 1;
        Integer byId = body.getValue("class") == null ? null : (int) JsonArgs.optLong(body, "class", 0, 0, last);
        Integer byPrompt = body.getValue("prompt") == null ? null
                : generator.classOf(JsonArgs.requireString(body, "prompt", Prompts.MAX_PROMPT_CHARS));
        if (byId == null && byPrompt == null) {
            throw AtelierException.invalidArgument("class", "give 'class' (0 to " + last + ") or a 'prompt' such as \""
                    + generator.caption(Math.min(7, last)) + "\"");
        }
        if (byId != null && byPrompt != null && !byId.equals(byPrompt)) {
            throw AtelierException.invalidArgument("prompt", "the prompt names class " + byPrompt + " but 'class' is "
                    + byId);
        }
        return byId != null ? byId : byPrompt;
    }

    @Override
    public void close() {
        generator.close();
    }
}
