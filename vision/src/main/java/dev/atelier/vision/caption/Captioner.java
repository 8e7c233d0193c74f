package dev.atelier.vision.caption;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.atelier.core.error.AtelierException;
import dev.atelier.core.runtime.NativeRuntime;
import dev.atelier.vision.clip.Clip;
import dev.atelier.vision.clip.ClipImages;
import dev.atelier.vision.clip.WordTokenizer;
import dev.atelier.vision.grammar.CaptionSpace;
import dev.atelier.vision.mnist.Mnist;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * The generative captioner: a frozen CLIP image tower (in {@value #CLIP_FOLDER}/) reads the image
 * (its pooled embedding or its feature grid, as the config's {@link PrefixSource} says),
 * {@link PrefixDecoder} writes the caption word by word, by greedy or beam search decoding.
 * Thread-safe; calls run one at a time.
 */
public final class Captioner implements AutoCloseable {

    public static final String WEIGHTS_FILE = "captioner.params";
    public static final String CLIP_FOLDER = "clip";
    public static final int MAX_BEAM = CaptionDecoding.MAX_BEAM;
    /** GNMT length penalty exponent: finished beams are ranked by log-probability / length^0.7. */
    static final double LENGTH_PENALTY = 0.7;

    private final Clip clip;
    private final PrefixDecoder decoder;
    private final WordTokenizer tokenizer;
    private final NDManager manager;
    private final ParameterStore parameters;
    private boolean closed;
    private GrammarPrefixes grammarPrefixes;

    Captioner(Clip clip, PrefixDecoder decoder, WordTokenizer tokenizer, NDManager manager) {
        this.clip = clip;
        this.decoder = decoder;
        this.tokenizer = tokenizer;
        this.manager = manager;
        this.parameters = new ParameterStore(manager, false);
    }

    public static Captioner load(Path folder) {
        NativeRuntime.configure();
        CaptionerConfig config = CaptionerConfig.read(folder);
        WordTokenizer tokenizer = WordTokenizer.read(folder);
        Clip clip = Clip.load(folder.resolve(CLIP_FOLDER));
        NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
        try {
            PrefixDecoder decoder = new PrefixDecoder(config, tokenizer.size());
            decoder.initialize(manager, DataType.FLOAT32, new Shape(1, config.imageFeatures()), new Shape(1, 2));
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                    Files.newInputStream(folder.resolve(WEIGHTS_FILE))))) {
                decoder.loadParameters(manager, in);
            }
            return new Captioner(clip, decoder, tokenizer, manager);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            clip.close();
            if (e instanceof AtelierException ae) {
                throw ae;
            }
            throw AtelierException.unavailable("cannot load captioner weights from " + folder.getFileName() + ": " + e);
        }
    }

    /** Trainable parameters of the decoder plus those of the CLIP model it reads. */
    public long parameterCount() {
        return decoder.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum()
                + clip.parameterCount();
    }

    public Clip clip() {
        return clip;
    }

    /** Greedy caption of one image. */
    public String caption(BufferedImage image) {
        return caption(image, 1);
    }

    /** Caption of one image: greedy for {@code beamWidth} 1, beam search above. */
    public String caption(BufferedImage image, int beamWidth) {
        return caption(image, CaptionDecoding.beam(beamWidth));
    }

    /** Caption of one image, decoded as {@code decoding} says. */
    public String caption(BufferedImage image, CaptionDecoding decoding) {
        return captionTensors(List.of(ClipImages.tensor(image)), decoding).get(0);
    }

    /** Captions of images preprocessed by {@link ClipImages#tensor}: greedy for {@code beamWidth} 1, beam search above. */
    public List<String> captionTensors(List<float[]> tensors, int beamWidth) {
        return captionTensors(tensors, CaptionDecoding.beam(beamWidth));
    }

    /** Captions of images preprocessed by {@link ClipImages#tensor}, decoded as {@code decoding} says. */
    public synchronized List<String> captionTensors(List<float[]> tensors, CaptionDecoding decoding) {
        if (closed) {
            throw AtelierException.unavailable("captioner is closed");
        }
        boolean grid = decoder.config().prefixSource().gridded();
        float[][] features = decoder.config().prefixSource().features(clip, tensors);
        int beamWidth = decoding.beam();
        List<String> out = new ArrayList<>(features.length);
        if (beamWidth == 1 && !decoding.guidedOrConstrained()) {
            for (int from = 0; from < features.length; from += 256) {
                out.addAll(greedy(Arrays.copyOfRange(features, from, Math.min(features.length, from + 256))));
            }
        } else {
            GrammarPrefixes constraint = decoding.grammar() ? grammar() : null;
            // Guidance compares CLIP text embeddings with the image's pooled embedding.
            float[][] embeddings = decoding.guidance() > 0 && grid ? clip.embedImageTensors(tensors) : features;
            for (int i = 0; i < features.length; i++) {
                out.add(beamSearch(features[i], embeddings[i], beamWidth, decoding.guidance(), constraint));
            }
        }
        return out;
    }

    /** Next-token log-probabilities {@code [rows][vocab]} after each row's tokens (all the same length). */
    private float[][] nextLogProbs(NDManager m, float[][] images, int[][] tokens) {
        int rows = tokens.length;
        int len = tokens[0].length;
        int dim = images[0].length;
        float[] flatImages = new float[rows * dim];
        int[] flatTokens = new int[rows * len];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(images[r], 0, flatImages, r * dim, dim);
            System.arraycopy(tokens[r], 0, flatTokens, r * len, len);

        }
        NDArray logits = decoder.forward(parameters, new NDList(m.create(flatImages, new Shape(rows, dim)),
                m.create(flatTokens, new Shape(rows, len))), false).head();
        NDArray last = logits.get(":, " + (len - 1) + ", :").logSoftmax(-1);
        int vocab = (int) last.getShape().get(1);
        float[] flat = last.toFloatArray();
        float[][] out = new float[rows][vocab];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * vocab, out[r], 0, vocab);
        }
        return out;
    }

    private List<String> greedy(float[][] images) {
        int n = images.length;
        int[][] tokens = new int[n][];
        for (int i = 0; i < n; i++) {
            tokens[i] = new int[] {WordTokenizer.BOS};
        }
        boolean[] done = new boolean[n];
        int maxTokens = decoder.config().maxTokens();
        try (NDManager m = manager.newSubManager()) {
            for (int step = 1; step < maxTokens; step++) {
                float[][] logProbs = nextLogProbs(m, images, tokens);
                boolean all = true;
                for (int i = 0; i < n; i++) {
                    int next = done[i] ? WordTokenizer.PAD : argmax(logProbs[i]);
                    tokens[i] = Arrays.copyOf(tokens[i], step + 1);
                    tokens[i][step] = next;
                    done[i] |= next == WordTokenizer.EOS;
                    all &= done[i];
                }
                if (all) {
                    break;
                }
            }
        }
        List<String> out = new ArrayList<>(n);
        for (int[] t : tokens) {
            out.add(tokenizer.decode(untilEos(t)));
        }
        return out;
    }

    /** A beam: its decoder log-probability and (in a guided search) the CLIP similarity of its text to the image. */
    private record Beam(int[] tokens, double logProb, double similarity) {
        Beam withSimilarity(double s) {
            return new Beam(tokens, logProb, s);
        }

        double rank(double guidance) {
            return logProb + guidance * similarity;
        }

        double finalScore(double guidance) {
            return logProb / Math.pow(tokens.length - 1, LENGTH_PENALTY) + guidance * similarity;
        }
    }

    /**
     * Beam search (GNMT length penalty for the finished beams), optionally image-guided and
     * grammar-constrained. Image guidance is the idea of MAGIC (Su et al. 2022, "Language Models Can See") in its
     * plainest form: each step extends every beam by the decoder's {@code 2 × width} likeliest words,
     * and the extensions are ranked by the decoder's log-probability plus {@code guidance} × the
     * cosine between the image's CLIP embedding and the CLIP text embedding of the caption so far.
     * The decoder proposes the words and keeps the grammar; the image steers which of them survive,
     * which is what lets the captioner write attribute pairs its training captions never had.
     */
    private String beamSearch(float[] image, float[] embedding, int width, double guidance, GrammarPrefixes grammar) {
        List<Beam> alive = List.of(new Beam(new int[] {WordTokenizer.BOS}, 0, 0));
        List<Beam> finished = new ArrayList<>();
        int maxTokens = decoder.config().maxTokens();
        try (NDManager m = manager.newSubManager()) {
            for (int step = 1; step < maxTokens && !alive.isEmpty(); step++) {
                float[][] images = new float[alive.size()][];
                int[][] tokens = new int[alive.size()][];
                for (int b = 0; b < alive.size(); b++) {
                    images[b] = image;
                    tokens[b] = alive.get(b).tokens();
                }
                float[][] logProbs = nextLogProbs(m, images, tokens);
                List<Beam> candidates = new ArrayList<>();
                for (int b = 0; b < alive.size(); b++) {
                    if (grammar != null) {
                        // Grammar-constrained: words that leave the caption language are not candidates.
                        BitSet allowed = grammar.allowedAfter(alive.get(b).tokens());
                        for (int t = 0; t < logProbs[b].length; t++) {
                            if (!allowed.get(t)) {
                                logProbs[b][t] = Float.NEGATIVE_INFINITY;
                            }
                        }
                    }
                    for (int next : topK(logProbs[b], 2 * width)) {
                        if (logProbs[b][next] == Float.NEGATIVE_INFINITY) {
                            continue;
                        }
                        int[] grown = Arrays.copyOf(alive.get(b).tokens(), step + 1);
                        grown[step] = next;
                        candidates.add(new Beam(grown, alive.get(b).logProb() + logProbs[b][next], 0));
                    }
                }
                if (guidance > 0 && !candidates.isEmpty()) {
                    // Without guidance the similarity is never looked at: plain beam search, no CLIP text calls.
                    float[][] texts = clip.embedTexts(candidates.stream().map(c -> tokenizer.decode(untilEos(c.tokens()))).toList());
                    for (int c = 0; c < texts.length; c++) {
                        candidates.set(c, candidates.get(c).withSimilarity(Clip.cosine(embedding, texts[c])));
                    }
                }
                candidates.sort(Comparator.comparingDouble((Beam c) -> c.rank(guidance)).reversed());
                List<Beam> nextAlive = new ArrayList<>();
                for (Beam c : candidates.subList(0, Math.min(width, candidates.size()))) {
                    if (c.tokens()[step] == WordTokenizer.EOS) {
                        finished.add(c);
                    } else {
                        nextAlive.add(c);
                    }
                }
                alive = nextAlive;
            }
        }
        finished.addAll(alive);
        Beam best = finished.stream().max(Comparator.comparingDouble((Beam b) -> b.finalScore(guidance))).orElseThrow();
        return tokenizer.decode(untilEos(best.tokens()));
    }

    /** The Shapes caption grammar's sentences and the MNIST captions, as allowed prefixes (built once). */
    private GrammarPrefixes grammar() {
        if (grammarPrefixes == null) {
            List<String> sentences = new ArrayList<>(CaptionSpace.canonicalCaptions());
            for (int d = 0; d < 10; d++) {
                sentences.add(Mnist.caption(d));
            }
            grammarPrefixes = new GrammarPrefixes(sentences, tokenizer);
        }
        return grammarPrefixes;
    }

    private static int[] untilEos(int[] tokens) {
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] == WordTokenizer.EOS) {
                return Arrays.copyOf(tokens, i);
            }
        }
        return tokens;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int[] topK(float[] v, int k) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(v[b], v[a]));
        int[] out = new int[Math.min(k, v.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = order[i];
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            manager.close();
            clip.close();
        }
    }
}
