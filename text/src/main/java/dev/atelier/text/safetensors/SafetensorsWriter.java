package dev.atelier.text.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.error.AtelierException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a safetensors file from float arrays, stored as F32, F16 or BF16: the header is JSON
 * padded with spaces to a multiple of 8 bytes (as the reference writer does), tensors follow in the
 * order added. For exporting small models and for tests; it holds the data in memory.
 */
public final class SafetensorsWriter {

    private record Entry(SafetensorsDtype dtype, long[] shape, float[] values) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Adds a tensor of {@code shape} (PyTorch order) whose values, row-major, are {@code values}. */
    public SafetensorsWriter add(String name, SafetensorsDtype dtype, long[] shape, float[] values) {
        Objects.requireNonNull(name, "name");
        if (!dtype.isReadable()) {
            throw AtelierException.invalidArgument("dtype", "the writer stores F32, F16 or BF16, not " + dtype);
        }
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw AtelierException.invalidArgument("shape", "negative dimension in " + name);
            }
            n *= d;
        }
        if (n != values.length) {
            throw AtelierException.invalidArgument("values", name + " has shape of " + n + " elements but " + values.length + " values");
        }
        if (name.equals("__metadata__") || entries.putIfAbsent(name, new Entry(dtype, shape.clone(), values.clone())) != null) {
            throw AtelierException.invalidArgument("name", "tensor name " + AtelierException.quote(name) + " is taken");
        }
        return this;
    }

    /** Adds a {@code __metadata__} string. */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    public byte[] toByteArray() {
        ObjectNode header = new ObjectMapper().createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = header.putObject("__metadata__");
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry t = e.getValue();
            ObjectNode node = header.putObject(e.getKey());
            node.put("dtype", t.dtype().name());
            ArrayNode shape = node.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long size = (long) t.values().length * t.dtype().bytes();
            node.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Entry t : entries.values()) {
            for (float v : t.values()) {
                switch (t.dtype()) {
                    case F32 -> out.putFloat(v);
                    case F16 -> out.putShort(Float.floatToFloat16(v));
                    case BF16 -> out.putShort(dev.atelier.text.tensor.Quantize.toBf16(v));
                    default -> throw new AssertionError(t.dtype());
                }
            }
        }
        return out.array();
    }

    public void write(Path path) throws IOException {
        try (OutputStream o = Files.newOutputStream(path)) {
            o.write(toByteArray());
        }
    }
}
