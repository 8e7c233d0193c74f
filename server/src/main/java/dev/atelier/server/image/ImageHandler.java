package dev.atelier.server.image;

import dev.atelier.core.error.AtelierException;
import dev.atelier.ganvae.sample.Prompts;
import dev.atelier.ganvae.sample.Sampler;
import dev.atelier.ganvae.sample.TextToImage;
import dev.atelier.server.http.JsonArgs;
import dev.atelier.server.worker.ModelHandler;
import dev.atelier.server.worker.WorkContext;
import dev.atelier.server.worker.WorkRequest;
import dev.atelier.vision.image.ImageIo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Serves a text-to-image generator. Request: {@code {"prompt", "n": 1..16, "seed": integer,
 * "size": "64x64" | "128x128" | … (a whole multiple of the model's size, up to 512, enlarged by
 * pixel repetition), "truncation": 0 or 0.1..10}}. Result: {@code {"model", "created", "seed",
 * "width", "height", "images": [{"index", "b64_png"}]}}. Image i of a seed is always the same image.
 */
public final class ImageHandler implements ModelHandler {
    public static final String TASK = "text-to-image";
    public static final int MAX_IMAGES = 16;
    public static final int MAX_SIDE = 512;

    private static final SecureRandom SEEDS = new SecureRandom();

    private final TextToImage generator;

    public ImageHandler(TextToImage generator) {
        this.generator = generator;
    }

    @Override
    public JsonObject handle(WorkRequest request, WorkContext context) {
        JsonObject body = request.body();
        String prompt = JsonArgs.requireString(body, "prompt", Prompts.MAX_PROMPT_CHARS);
        int n = count(body);
        long seed = seed(body);
        double truncation = truncation(body);
        int native_ = generator.model().description().image().size();
        int side = size(body, native_);
        float[] condition = generator.embed(prompt);
        return answer(request, context, generator.sampler(), condition, n, seed, truncation, native_, side);
    }

    /** {@code n}: 1 to {@value #MAX_IMAGES}, default 1. */
    static int count(JsonObject body) {
        return (int) JsonArgs.optLong(body, "n", 1, 1, MAX_IMAGES);
    }

    /** {@code seed}: 0 to 2^53 − 1 (exact in JSON numbers), random when absent. */
    static long seed(JsonObject body) {
        return body.getValue("seed") == null ? SEEDS.nextLong() & 0xFFFFFFFFFFFFL
                : JsonArgs.optLong(body, "seed", 0, 0, (1L << 53) - 1);
    }

    /** {@code truncation}: 0 (off) or a finite bound up to 10 (the sampler refuses 0 < t < 0.1). */
    static double truncation(JsonObject body) {
        return JsonArgs.optDouble(body, "truncation", 0, 0, 10);
    }

    /** Samples {@code n} images of one condition and answers with them as base64 PNGs. */
    static JsonObject answer(WorkRequest request, WorkContext context, Sampler sampler, float[] condition, int n,
            long seed, double truncation, int nativeSize, int side) {
        JsonArray images = new JsonArray();
        // One image at a time, so a cancelled or timed-out request stops within one image.
        for (int i = 0; i < n; i++) {
            context.checkCancelled();
            List<BufferedImage> one = sampler.images(condition, i + 1, seed, truncation);
            BufferedImage image = enlarge(one.get(i), side / nativeSize);
            images.add(new JsonObject().put("index", i).put("b64_png",
                    Base64.getEncoder().encodeToString(ImageIo.pngBytes(image))));
        }
        return new JsonObject()
                .put("model", request.model())
                .put("created", System.currentTimeMillis() / 1000)
                .put("seed", seed)
                .put("width", side)
                .put("height", side)
                .put("images", images);
    }

    /** The requested square size: "WxH" with W = H a whole multiple of the model's size, at most {@value #MAX_SIDE}. */
    static int size(JsonObject body, int nativeSize) {
        Object v = body.getValue("size");
        if (v == null) {
            return nativeSize;
        }
        if (!(v instanceof String s) || s.length() > 16) {
            throw AtelierException.invalidArgument("size", "'size' must be a string such as \"" + nativeSize + "x"
                    + nativeSize + "\"");
        }
        String[] parts = s.toLowerCase(Locale.ROOT).split("x", -1);
        int w;
        int h;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            w = Integer.parseInt(parts[0]);
            h = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw AtelierException.invalidArgument("size", "'size' must look like \"" + nativeSize + "x"
                    + nativeSize + "\", got " + AtelierException.quote(s));
        }
        if (w != h || w < nativeSize || w > MAX_SIDE || w % nativeSize != 0) {
            throw AtelierException.invalidArgument("size", "this model makes " + nativeSize + "x" + nativeSize
                    + " images; 'size' must be square, a whole multiple of " + nativeSize + ", at most " + MAX_SIDE
                    + ", got " + AtelierException.quote(s));
        }
        return w;
    }

    /** Each pixel repeated {@code factor} times in both directions (no invented detail). */
    static BufferedImage enlarge(BufferedImage image, int factor) {
        if (factor == 1) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w * factor, h * factor, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w * factor];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                for (int k = 0; k < factor; k++) {
                    row[x * factor + k] = rgb;
                }
            }
            for (int k = 0; k < factor; k++) {
                out.setRGB(0, y * factor + k, w * factor, 1, row, 0, w * factor);
            }
        }
        return out;
    }

    @Override
    public void close() {
        generator.close();
    }
}
