package dev.atelier.server.http;

import dev.atelier.core.error.AtelierException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * Reads request arguments with the checks every endpoint needs: the right JSON type, ranges,
 * finite numbers. Each failure is {@code INVALID_ARGUMENT} naming the parameter, so the client
 * gets a 400 that says exactly what to fix.
 */
public final class JsonArgs {
    private JsonArgs() {
    }

    /** Parses a request body that must be one JSON object. */
    public static JsonObject parseObject(Buffer body) {
        if (body == null || body.length() == 0) {
            throw AtelierException.invalidArgument(null, "request body is empty: send a JSON object");
        }
        Object value;
        try {
            value = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw AtelierException.invalidArgument(null, "request body is not valid JSON");
        }
        if (!(value instanceof JsonObject json)) {
            throw AtelierException.invalidArgument(null, "request body must be a JSON object");
        }
        return json;
    }

    public static String requireString(JsonObject json, String name, int maxLength) {
        Object v = json.getValue(name);
        if (v == null) {
            throw AtelierException.invalidArgument(name, "'" + name + "' is required");
        }
        if (!(v instanceof String s)) {
            throw wrongType(name, "a string", v);
        }
        if (s.isEmpty() || s.length() > maxLength) {
            throw AtelierException.invalidArgument(name,
                    "'" + name + "' must have 1 to " + maxLength + " characters");
        }
        return s;
    }

    public static boolean optBoolean(JsonObject json, String name, boolean fallback) {
        Object v = json.getValue(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw wrongType(name, "true or false", v);
        }
        return b;
    }

    public static long optLong(JsonObject json, String name, long fallback, long min, long max) {
        Object v = json.getValue(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw wrongType(name, "an integer", v);
        }
        double d = n.doubleValue();
        if (d < min || d > max) {
            throw AtelierException.invalidArgument(name,
                    "'" + name + "' must be between " + min + " and " + max + ", got " + n);
        }
        return n.longValue();
    }

    public static double optDouble(JsonObject json, String name, double fallback, double min, double max) {
        Object v = json.getValue(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw wrongType(name, "a number", v);
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d) || d < min || d > max) {
            throw AtelierException.invalidArgument(name,
                    "'" + name + "' must be a finite number between " + min + " and " + max + ", got " + n);
        }
        return d;
    }

    private static AtelierException wrongType(String name, String expected, Object got) {
        String kind = got instanceof String ? "a string" : got instanceof Boolean ? "a boolean"
                : got instanceof Number ? "a number" : got instanceof JsonObject ? "an object" : "an array";
        return AtelierException.invalidArgument(name, "'" + name + "' must be " + expected + ", got " + kind);
    }
}
