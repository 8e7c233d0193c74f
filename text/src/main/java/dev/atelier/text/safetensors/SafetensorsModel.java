package dev.atelier.text.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.model.ModelIntegrityException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The safetensors weights of a Hugging Face model folder: the shards named by
 * {@code model.safetensors.index.json} ({@code weight_map}: tensor name → shard file), else the
 * single {@code model.safetensors}, else every {@code *.safetensors} in the folder. Shard names are
 * checked to stay inside the folder, and every tensor the index promises must be in its shard.
 */
public final class SafetensorsModel implements AutoCloseable {

    static final String INDEX = "model.safetensors.index.json";
    private static final long MAX_INDEX_BYTES = 64L << 20;

    private final Path folder;
    private final Map<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
    private final Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();

    private SafetensorsModel(Path folder) {
        this.folder = folder;
    }

    /** Opens the weights of the model in {@code folder}; missing or broken files are UNAVAILABLE. */
    public static SafetensorsModel open(Path folder) {
        Objects.requireNonNull(folder, "folder");
        SafetensorsModel m = new SafetensorsModel(folder);
        String model = folder.toAbsolutePath().getFileName() == null ? folder.toString() : folder.toAbsolutePath().getFileName().toString();
        if (!Files.isDirectory(folder)) {
            throw new ModelIntegrityException(model, String.valueOf(folder.getFileName()), folder, "is not a model folder");
        }
        Path index = folder.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            m.openSharded(model, index);
        } else if (Files.isRegularFile(folder.resolve("model.safetensors"))) {
            m.add(SafetensorsFile.open(folder.resolve("model.safetensors")));
        } else {
            List<Path> files;
            try (Stream<Path> s = Files.list(folder)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
            } catch (IOException e) {
                throw new ModelIntegrityException(model, "", folder, "cannot be listed: " + e.getMessage(), e);
            }
            if (files.isEmpty()) {
                throw new ModelIntegrityException(model, "model.safetensors", folder.resolve("model.safetensors"),
                        "is missing (no *.safetensors file in the folder)");
            }
            files.forEach(f -> m.add(SafetensorsFile.open(f)));
        }
        return m;
    }

    private void openSharded(String model, Path index) {
        JsonNode root;
        try {
            if (Files.size(index) > MAX_INDEX_BYTES) {
                throw new ModelIntegrityException(model, INDEX, index, "is larger than " + MAX_INDEX_BYTES + " bytes");
            }
            root = new ObjectMapper().readTree(Files.readString(index));
        } catch (JsonProcessingException e) {
            throw new ModelIntegrityException(model, INDEX, index, "is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelIntegrityException(model, INDEX, index, "cannot be read: " + e.getMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new ModelIntegrityException(model, INDEX, index, "has no weight_map object");
        }
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String shard = e.getValue().asText("");
            if (!e.getValue().isTextual() || shard.isEmpty() || shard.contains("/") || shard.contains("\\")
                    || shard.equals(".") || shard.equals("..") || !shard.endsWith(".safetensors")) {
                throw new ModelIntegrityException(model, INDEX, index, "maps tensor " + SafetensorsHeader.quote(e.getKey())
                        + " to " + SafetensorsHeader.quote(shard) + ", not a .safetensors file of the folder");
            }
            expected.put(e.getKey(), shard);
            shards.computeIfAbsent(shard, s -> SafetensorsFile.open(folder.resolve(s)));
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            SafetensorsFile f = shards.get(e.getValue());
            if (f.tensor(e.getKey()).isEmpty()) {
                throw new ModelIntegrityException(model, e.getValue(), folder.resolve(e.getValue()),
                        "lacks tensor " + SafetensorsHeader.quote(e.getKey()) + " that " + INDEX + " puts there");
            }
        }
        shards.values().forEach(this::add);
    }

    private void add(SafetensorsFile f) {
        for (SafetensorsTensor t : f.tensors()) {
            SafetensorsFile before = fileOf.putIfAbsent(t.name(), f);
            if (before != null) {
                throw new ModelIntegrityException(folder.toString(), f.toString(), folder,
                        "has tensor " + SafetensorsHeader.quote(t.name()) + " in two files");
            }
            tensors.put(t.name(), t);
        }
    }

    /** Every tensor of every shard. */
    public List<SafetensorsTensor> tensors() {
        return new ArrayList<>(tensors.values());
    }

    public Optional<SafetensorsTensor> tensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor called {@code name}; absence is UNAVAILABLE. */
    public SafetensorsTensor requireTensor(String name) {
        SafetensorsTensor t = tensors.get(name);
        if (t == null) {
            String model = folder.toAbsolutePath().getFileName() == null ? folder.toString() : folder.toAbsolutePath().getFileName().toString();
            throw new ModelIntegrityException(model, "", folder, "has no tensor " + SafetensorsHeader.quote(name));
        }
        return t;
    }

    /** The file holding {@code tensor}. */
    public SafetensorsFile fileOf(SafetensorsTensor tensor) {
        return fileOf.get(requireTensor(tensor.name()).name());
    }

    public float[] readFloats(String name) {
        SafetensorsTensor t = requireTensor(name);
        return fileOf.get(name).readFloats(t);
    }

    public void readFloats(SafetensorsTensor t, long first, int count, float[] dst, int dstOffset) {
        fileOf(t).readFloats(t, first, count, dst, dstOffset);
    }

    /** Nothing to release: mappings go with garbage collection. For try-with-resources symmetry. */
    @Override
    public void close() {
    }
}
