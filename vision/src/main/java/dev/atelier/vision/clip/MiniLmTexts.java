package dev.atelier.vision.clip;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.text.embedding.SentenceEncoder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inputs of the MiniLM tower: the frozen all-MiniLM-L6-v2 sentence embeddings. They never change, so
 * they are kept in a cache: training embeds every caption of the grammar once
 * ({@link #precompute}, optionally saved to a file) and then each step is a lookup.
 */
public final class MiniLmTexts implements TextInputs {

    private static final int CACHE_MAGIC = 0x4d4c4d43; // "MLMC"
    private static final int CHUNK = 512;

    private final SentenceEncoder encoder;
    private final boolean ownsEncoder;
    private final Map<String, float[]> cache = new HashMap<>();

    public MiniLmTexts(SentenceEncoder encoder, boolean ownsEncoder) {
        this.encoder = encoder;
        this.ownsEncoder = ownsEncoder;
    }

    /** Embeds the texts not yet cached, {@value #CHUNK} at a time, calling {@code onChunk} with each count done. */
    public synchronized void precompute(Collection<String> texts, java.util.function.IntConsumer onChunk) {
        Set<String> missing = new LinkedHashSet<>();
        for (String t : texts) {
            if (!cache.containsKey(t)) {
                missing.add(t);
            }
        }
        List<String> pending = new ArrayList<>(missing);
        for (int from = 0; from < pending.size(); from += CHUNK) {
            List<String> chunk = pending.subList(from, Math.min(pending.size(), from + CHUNK));
            List<float[]> vectors = encoder.embed(chunk);
            for (int i = 0; i < chunk.size(); i++) {
                cache.put(chunk.get(i), vectors.get(i));
            }
            onChunk.accept(chunk.size());
        }
    }

    public synchronized int cached() {
        return cache.size();
    }

    @Override
    public NDList encode(NDManager manager, List<String> texts) {
        List<float[]> vectors = vectors(texts);
        int dim = encoder.dimension();
        float[] all = new float[texts.size() * dim];
        for (int i = 0; i < vectors.size(); i++) {
            System.arraycopy(vectors.get(i), 0, all, i * dim, dim);
        }
        return new NDList(manager.create(all, new Shape(texts.size(), dim)));
    }

    /** MiniLM embeddings of {@code texts}, from the cache where there. */
    public List<float[]> vectors(List<String> texts) {
        List<String> missing = new ArrayList<>();
        synchronized (this) {
            for (String t : texts) {
                if (!cache.containsKey(t)) {
                    missing.add(t);
                }
            }
        }
        List<float[]> fresh = missing.isEmpty() ? List.of() : encoder.embed(missing);
        Map<String, float[]> local = new HashMap<>();
        for (int i = 0; i < missing.size(); i++) {
            local.put(missing.get(i), fresh.get(i));
        }
        List<float[]> out = new ArrayList<>(texts.size());
        synchronized (this) {
            for (String t : texts) {
                float[] v = cache.get(t);
                out.add(v != null ? v : local.get(t));
            }
        }
        return out;
    }

    /** Writes the cache (texts and vectors) to {@code file}. */
    public synchronized void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(CACHE_MAGIC);
            out.writeInt(encoder.dimension());
            out.writeInt(cache.size());
            for (Map.Entry<String, float[]> e : cache.entrySet()) {
                out.writeUTF(e.getKey());
                for (float f : e.getValue()) {
                    out.writeFloat(f);
                }
            }
        }
    }

    /** Adds a cache written by {@link #save}; a file of another dimension or format is ignored. */
    public synchronized boolean load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != CACHE_MAGIC || in.readInt() != encoder.dimension()) {
                return false;
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String text = in.readUTF();
                float[] v = new float[encoder.dimension()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                cache.put(text, v);
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (ownsEncoder) {
            encoder.close();
        }
    }
}
