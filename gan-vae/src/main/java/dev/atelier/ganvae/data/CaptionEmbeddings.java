package dev.atelier.ganvae.data;

import dev.atelier.core.error.AtelierException;
import dev.atelier.core.progress.Progress;
import dev.atelier.core.progress.ProgressListener;
import dev.atelier.ganvae.text.PromptEncoder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sentence embeddings of training captions, computed once and kept in a file: the captions come
 * from a finite grammar, so a caption → vector map is small and spares the encoder during training.
 */
public final class CaptionEmbeddings {
    private static final int MAGIC = 0x43454D42; // "CEMB"
    private static final int BATCH = 128;

    private final int dimension;
    private final Map<String, float[]> vectors;

    private CaptionEmbeddings(int dimension, Map<String, float[]> vectors) {
        this.dimension = dimension;
        this.vectors = vectors;
    }

    /**
     * The embeddings of {@code captions}: read from {@code cache} where present there, the rest
     * computed with the encoder (created only if needed) and the cache rewritten.
     */
    public static CaptionEmbeddings of(Collection<String> captions, Path cache, Supplier<PromptEncoder> encoders,
            ProgressListener listener) {
        Map<String, float[]> known = cache != null && Files.isRegularFile(cache) ? read(cache) : new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String c : new LinkedHashSet<>(captions)) {
            if (!known.containsKey(c)) {
                missing.add(c);
            }
        }
        int dimension = known.isEmpty() ? 0 : known.values().iterator().next().length;
        if (!missing.isEmpty()) {
            try (PromptEncoder encoder = encoders.get();
                    Progress progress = Progress.start("embed captions", missing.size(), "captions", listener)) {
                dimension = encoder.dimension();
                for (int from = 0; from < missing.size(); from += BATCH) {
                    List<String> batch = missing.subList(from, Math.min(missing.size(), from + BATCH));
                    List<float[]> embedded = encoder.embed(batch);
                    for (int i = 0; i < batch.size(); i++) {
                        known.put(batch.get(i), embedded.get(i));
                    }
                    progress.step(batch.size());
                }
            }
            if (cache != null) {
                write(cache, known);
            }
        }
        return new CaptionEmbeddings(dimension, known);
    }

    public int dimension() {
        return dimension;
    }

    public float[] get(String caption) {
        float[] v = vectors.get(caption);
        if (v == null) {
            throw AtelierException.notFound("no embedding for caption " + AtelierException.quote(caption));
        }
        return v;
    }

    private static Map<String, float[]> read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a caption embedding file");
            }
            int dimension = in.readInt();
            int count = in.readInt();
            if (dimension < 1 || dimension > 4096 || count < 0 || (long) count * dimension > 64_000_000L) {
                throw new IOException("bad header");
            }
            Map<String, float[]> map = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String caption = in.readUTF();
                float[] v = new float[dimension];
                for (int k = 0; k < dimension; k++) {
                    v[k] = in.readFloat();
                }
                map.put(caption, v);
            }
            return map;
        } catch (IOException e) {
            // A damaged cache is recomputed, not fatal.
            return new LinkedHashMap<>();
        }
    }

    private static void write(Path file, Map<String, float[]> map) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeInt(MAGIC);
                out.writeInt(map.values().iterator().next().length);
                out.writeInt(map.size());
                for (Map.Entry<String, float[]> e : map.entrySet()) {
                    out.writeUTF(e.getKey());
                    for (float x : e.getValue()) {
                        out.writeFloat(x);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
