package dev.atelier.text.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Parses and checks the JSON header of a safetensors file: every tensor's dtype, shape and offsets
 * are validated against the data section's size (offsets in range, size = elements × dtype size,
 * no two tensors sharing bytes) before anything is read.
 */
final class SafetensorsHeader {

    /** The reference implementation refuses headers over 100 MB; so do we. */
    static final long MAX_HEADER_BYTES = 100_000_000;
    static final int MAX_DIMS = 8;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(40).build())
            .build()).enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    record Parsed(List<SafetensorsTensor> tensors, Map<String, String> metadata) {
    }

    private SafetensorsHeader() {
    }

    /**
     * @param json the header bytes
     * @param dataSize bytes in the data section that follows the header
     * @param corrupt makes the error for a problem (names the file)
     */
    static Parsed parse(byte[] json, long dataSize, Function<String, RuntimeException> corrupt) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw corrupt.apply("header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw corrupt.apply("header is not a JSON object");
        }
        List<SafetensorsTensor> tensors = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isObject()) {
                    throw corrupt.apply("__metadata__ is not an object");
                }
                v.fields().forEachRemaining(m -> {
                    if (!m.getValue().isTextual()) {
                        throw corrupt.apply("__metadata__ entry " + quote(m.getKey()) + " is not a string");
                    }
                    metadata.put(m.getKey(), m.getValue().asText());
                });
                continue;
            }
            tensors.add(tensor(name, v, dataSize, corrupt));
        }
        List<SafetensorsTensor> byOffset = new ArrayList<>(tensors);
        byOffset.removeIf(t -> t.byteSize() == 0);
        byOffset.sort(Comparator.comparingLong(SafetensorsTensor::begin));
        for (int i = 1; i < byOffset.size(); i++) {
            SafetensorsTensor a = byOffset.get(i - 1);
            SafetensorsTensor b = byOffset.get(i);
            if (b.begin() < a.end()) {
                throw corrupt.apply("tensor " + quote(b.name()) + " (bytes " + b.begin() + ".." + b.end() + ") overlaps tensor "
                        + quote(a.name()) + " (bytes " + a.begin() + ".." + a.end() + ")");
            }
        }
        return new Parsed(List.copyOf(tensors), metadata);
    }

    private static SafetensorsTensor tensor(String name, JsonNode v, long dataSize, Function<String, RuntimeException> corrupt) {
        String what = "tensor " + quote(name);
        if (!v.isObject()) {
            throw corrupt.apply(what + " is not described by an object");
        }
        JsonNode dtypeNode = v.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw corrupt.apply(what + " has no dtype");
        }
        SafetensorsDtype dtype = SafetensorsDtype.of(dtypeNode.asText())
                .orElseThrow(() -> corrupt.apply(what + " has unknown dtype " + quote(dtypeNode.asText())));
        JsonNode shapeNode = v.get("shape");
        if (shapeNode == null || !shapeNode.isArray() || shapeNode.size() > MAX_DIMS) {
            throw corrupt.apply(what + " has no shape of at most " + MAX_DIMS + " dimensions");
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = nonNegativeLong(shapeNode.get(i), what + " dimension " + i, corrupt);
            try {
                elements = Math.multiplyExact(elements, shape[i]);
            } catch (ArithmeticException ex) {
                throw corrupt.apply(what + " has more than 2^63 elements");
            }
        }
        JsonNode offsets = v.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw corrupt.apply(what + " has no data_offsets [begin, end]");
        }
        long begin = nonNegativeLong(offsets.get(0), what + " data_offsets[0]", corrupt);
        long end = nonNegativeLong(offsets.get(1), what + " data_offsets[1]", corrupt);
        if (begin > end || end > dataSize) {
            throw corrupt.apply(what + " has data_offsets [" + begin + ", " + end + "] outside the data section of "
                    + dataSize + " bytes: truncated?");
        }
        if (elements > Long.MAX_VALUE / dtype.bytes() || elements * dtype.bytes() != end - begin) {
            throw corrupt.apply(what + " of " + dtype + " with " + elements + " elements takes "
                    + (elements > Long.MAX_VALUE / dtype.bytes() ? "more than 2^63" : String.valueOf(elements * dtype.bytes()))
                    + " bytes, but its data_offsets span " + (end - begin));
        }
        return new SafetensorsTensor(name, dtype, shape, begin, end);
    }

    private static long nonNegativeLong(JsonNode n, String what, Function<String, RuntimeException> corrupt) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
            throw corrupt.apply(what + " is not a non-negative integer");
        }
        return n.asLong();
    }

    /** Quotes a name read from a file for a message: short, no control characters. */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder("'");
        text.codePoints().limit(80).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        if (text.codePointCount(0, text.length()) > 80) {
            sb.append('…');
        }
        return sb.append('\'').toString();
    }
}
