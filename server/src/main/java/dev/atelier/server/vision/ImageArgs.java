package dev.atelier.server.vision;

import dev.atelier.core.error.AtelierException;
import dev.atelier.vision.image.ImageIo;
import dev.atelier.vision.image.ImageLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Images in vision requests: base64 strings (a {@code data:image/...;base64,} prefix is allowed),
 * decoded through {@link ImageIo}'s guarded reader, so corrupt files, unsupported formats and
 * decompression bombs are {@code invalid_argument} before any large allocation.
 */
final class ImageArgs {

    /** Most images one request carries. */
    static final int MAX_IMAGES = 16;
    /** 4096 x 4096 pixels at most: plenty for 64-pixel models, and a bound on decoding work. */
    static final ImageLimits LIMITS = new ImageLimits(4096L * 4096, 16L * 1024 * 1024);

    private ImageArgs() {
    }

    /** {@code image} (one string) or {@code images} (an array of strings): at least one, at most {@value #MAX_IMAGES}. */
    static List<BufferedImage> images(JsonObject body, boolean required) {
        Object one = body.getValue("image");
        Object many = body.getValue("images");
        if (one != null && many != null) {
            throw AtelierException.invalidArgument("image", "give 'image' or 'images', not both");
        }
        List<String> encoded = new ArrayList<>();
        if (one != null) {
            if (!(one instanceof String s)) {
                throw AtelierException.invalidArgument("image", "'image' must be a base64 string");
            }
            encoded.add(s);
        } else if (many != null) {
            if (!(many instanceof JsonArray array)) {
                throw AtelierException.invalidArgument("images", "'images' must be an array of base64 strings");
            }
            if (array.size() > MAX_IMAGES) {
                throw AtelierException.invalidArgument("images", "at most " + MAX_IMAGES + " images per request, got "
                        + array.size());
            }
            for (Object item : array) {
                if (!(item instanceof String s)) {
                    throw AtelierException.invalidArgument("images", "'images' must be an array of base64 strings");
                }
                encoded.add(s);
            }
        }
        if (encoded.isEmpty() && required) {
            throw AtelierException.invalidArgument("image", "'image' (a base64-encoded image) is required");
        }
        List<BufferedImage> out = new ArrayList<>(encoded.size());
        for (String s : encoded) {
            out.add(decode(s));
        }
        return out;
    }

    static BufferedImage decode(String base64) {
        String data = base64;
        if (data.startsWith("data:")) {
            int comma = data.indexOf(',');
            if (comma < 0 || !data.substring(0, comma).endsWith(";base64")) {
                throw AtelierException.invalidArgument("image", "a data URL image must be base64 (data:image/png;base64,...)");
            }
            data = data.substring(comma + 1);
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw AtelierException.invalidArgument("image", "the image is not valid base64");
        }
        return ImageIo.read(bytes, LIMITS);
    }

    /** An optional array of strings, at most {@code max}. */
    static List<String> strings(JsonObject body, String field, int max) {
        Object value = body.getValue(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw AtelierException.invalidArgument(field, "'" + field + "' must be an array of strings");
        }
        if (array.size() > max) {
            throw AtelierException.invalidArgument(field, "'" + field + "' may hold at most " + max + " items, got "
                    + array.size());
        }
        List<String> out = new ArrayList<>(array.size());
        for (Object item : array) {
            if (!(item instanceof String s)) {
                throw AtelierException.invalidArgument(field, "'" + field + "' must be an array of strings");
            }
            out.add(s);
        }
        return out;
    }
}
