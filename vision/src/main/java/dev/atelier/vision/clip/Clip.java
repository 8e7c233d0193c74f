package dev.atelier.vision.clip;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.text.embedding.SentenceEncoder;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A trained CLIP model, ready to embed: images and texts become unit vectors in one space, so
 * their dot product is the cosine similarity. Load a folder written by {@link ClipTrainer} (or a
 * verified model from the store). Thread-safe; calls run one at a time.
 *
 * <pre>{@code
 * try (Clip clip = Clip.load(Path.of("models/shapes-clip"))) {
 *     float[][] images = clip.embedImages(List.of(image));
 *     float[][] texts = clip.embedTexts(List.of("a small red circle", "a large blue square"));
 * }
 * }</pre>
 */
public final class Clip implements AutoCloseable {

    public static final String WEIGHTS_FILE = "clip.params";
    /** The files of a CLIP model folder. */
    public static final List<String> FILES = List.of(ClipConfig.FILE_NAME, WordTokenizer.FILE_NAME, WEIGHTS_FILE);
    /** Most images or texts one call takes. */
    public static final int MAX_BATCH = 4096;
    private static final int CHUNK = 256;

    private final ClipConfig config;
    private final NDManager manager;
    private final ClipModel model;
    private final TextInputs texts;
    private final ParameterStore parameters;
    private final float logitMultiplier;
    private boolean closed;

    private Clip(ClipConfig config, NDManager manager, ClipModel model, TextInputs texts) {
        this.config = config;
        this.manager = manager;
        this.model = model;
        this.texts = texts;
        this.parameters = new ParameterStore(manager, false);
        this.logitMultiplier = model.logitMultiplier(parameters, manager, false).getFloat();
    }

    /** Loads a model folder; a MiniLM-tower model loads all-MiniLM-L6-v2 from the class path. */
    public static Clip load(Path folder) {
        Objects.requireNonNull(folder, "folder");
        ClipConfig config = ClipConfig.read(folder);
        WordTokenizer tokenizer = WordTokenizer.read(folder);
        // MiniLM (90 MB) loads on the first text: image-only users (captioner, image embeddings) never pay for it.
        TextInputs texts = config.textTower() == TextTowerKind.MINILM
                ? new LazyTextInputs(() -> new MiniLmTexts(SentenceEncoder.allMiniLmL6V2(), true))
                : new TokenTexts(tokenizer, config.maxTokens());
        return load(folder, config, tokenizer, texts);
    }

    static Clip load(Path folder, ClipConfig config, WordTokenizer tokenizer, TextInputs texts) {
        NativeRuntime.configure();
        NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
        try {
            ClipModel model = new ClipModel(config, tokenizer.size());
            model.initialize(manager, DataType.FLOAT32, model.inputShapes(1));
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                    Files.newInputStream(folder.resolve(WEIGHTS_FILE))))) {
                model.loadParameters(manager, in);
            }
            return new Clip(config, manager, model, texts);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            texts.close();
            if (e instanceof AtelierException ae) {
                throw ae;
            }
            throw AtelierException.unavailable("cannot load CLIP weights from " + folder.getFileName() + ": " + e);
        }
    }

    public ClipConfig config() {
        return config;
    }

    /** Width of the shared space. */
    public int dimension() {
        return config.embedDim();
    }

    /** exp(logit scale) the model learned: multiply cosines by it to get CLIP's logits. */
    public float logitMultiplier() {
        return logitMultiplier;
    }

    /** Trainable parameters (the frozen MiniLM excluded). */
    public long parameterCount() {
        return model.getParameters().values().stream().filter(p -> p.getType() != ai.djl.nn.Parameter.Type.RUNNING_MEAN
                && p.getType() != ai.djl.nn.Parameter.Type.RUNNING_VAR).mapToLong(p -> p.getArray().size()).sum();
    }

    /** Unit-length embeddings of the images (any size: see {@link ClipImages}). */
    public float[][] embedImages(List<BufferedImage> images) {
        checkBatch(images, "images");
        List<float[]> tensors = new ArrayList<>(images.size());
        for (BufferedImage image : images) {
            tensors.add(ClipImages.tensor(image));
        }
        return embedImageTensors(tensors);
    }

    /** Unit-length embeddings of images already preprocessed by {@link ClipImages#tensor}. */
    public float[][] embedImageTensors(List<float[]> tensors) {
        return imageRows(tensors, images -> model.encodeImages(parameters, images, false));
    }

    /** Cells of the image tower's feature grid ({@code side * side}). */
    public int gridCells() {
        return config.featureSide() * config.featureSide();
    }

    /** Channels of one grid cell. */
    public int gridChannels() {
        return ImageTower.gridChannels(config);
    }

    /**
     * The image tower's feature grids of images preprocessed by {@link ClipImages#tensor}, each
     * {@code gridCells() * gridChannels()} floats, cell-major (a cell's channels together).
     */
    public float[][] imageGridTensors(List<float[]> tensors) {
        return imageRows(tensors, images -> {
            NDArray grid = model.imageGrid(parameters, images, false);
            return grid.reshape(grid.getShape().get(0), -1);
        });
    }

    /** One row per image of {@code read} over batches of at most {@value #CHUNK} preprocessed images. */
    private synchronized float[][] imageRows(List<float[]> tensors, java.util.function.UnaryOperator<NDArray> read) {
        checkBatch(tensors, "images");
        checkOpen();
        float[][] out = new float[tensors.size()][];
        for (int from = 0; from < tensors.size(); from += CHUNK) {
            List<float[]> chunk = tensors.subList(from, Math.min(tensors.size(), from + CHUNK));
            try (NDManager m = manager.newSubManager()) {
                copyRows(read.apply(ClipImages.batch(m, chunk)), out, from);
            }
        }
        return out;
    }

    /** Unit-length embeddings of the texts. */
    public synchronized float[][] embedTexts(List<String> textList) {
        checkBatch(textList, "texts");
        for (String t : textList) {
            if (t == null) {
                throw AtelierException.invalidArgument("texts", "a text is missing (null)");
            }
        }
        checkOpen();
        float[][] out = new float[textList.size()][];
        for (int from = 0; from < textList.size(); from += CHUNK) {
            List<String> chunk = textList.subList(from, Math.min(textList.size(), from + CHUNK));
            try (NDManager m = manager.newSubManager()) {
                NDList inputs = texts.encode(m, chunk);
                copyRows(model.encodeTexts(parameters, inputs, false), out, from);
            }
        }
        return out;
    }

    private static void copyRows(NDArray e, float[][] out, int from) {
        int rows = (int) e.getShape().get(0);
        int dim = (int) e.getShape().get(1);
        float[] flat = e.toFloatArray();
        for (int i = 0; i < rows; i++) {
            float[] row = new float[dim];
            System.arraycopy(flat, i * dim, row, 0, dim);
            out[from + i] = row;
        }
    }

    private static void checkBatch(List<?> items, String what) {
        if (items == null) {
            throw AtelierException.invalidArgument(what, "no " + what + " given");
        }
        if (items.size() > MAX_BATCH) {
            throw AtelierException.invalidArgument(what, "at most " + MAX_BATCH + " " + what + " per call, got "
                    + items.size());
        }
    }

    private void checkOpen() {
        if (closed) {
            throw AtelierException.unavailable("CLIP model is closed");
        }
    }

    /** Cosine of two unit vectors. */
    public static float cosine(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            manager.close();
            texts.close();
        }
    }
}
